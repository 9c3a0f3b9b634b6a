package dev.aviary.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file read strictly (RFC 4180): a header row, fields separated by commas, quoted fields with
 * {@code ""} for a quote, LF or CRLF line ends. Drift numbers are only as good as the rows they
 * come from, so a ragged row or a broken quote is an error naming the file and line, never a
 * silently shifted column.
 */
final class CsvTable {
  private final String file;
  private final List<String> header;
  private final List<String[]> rows;
  private final List<Integer> lines;

  private CsvTable(String file, List<String> header, List<String[]> rows, List<Integer> lines) {
    this.file = file;
    this.header = header;
    this.rows = rows;
    this.lines = lines;
  }

  static CsvTable read(Path path) throws IOException {
    return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
  }

  static CsvTable parse(String file, String text) {
    List<String[]> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    int line = 1;
    int i = 0;
    int n = text.length();
    if (n > 0 && text.charAt(0) == '\uFEFF') {
      i = 1;
    }
    while (i < n) {
      int start = line;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean end = false;
      while (!end) {
        if (i < n && text.charAt(i) == '"') {
          i++;
          while (true) {
            if (i >= n) {
              throw new CsvException(file, start, "a quoted field is not closed");
            }
            char c = text.charAt(i++);
            if (c == '"') {
              if (i < n && text.charAt(i) == '"') {
                field.append('"');
                i++;
              } else {
                break;
              }
            } else {
              if (c == '\n') {
                line++;
              }
              field.append(c);
            }
          }
          if (i < n && !isDelimiter(text, i)) {
            throw new CsvException(
                file, line, "unexpected '" + text.charAt(i) + "' after a closing quote");
          }
        } else {
          while (i < n && !isDelimiter(text, i)) {
            char c = text.charAt(i++);
            if (c == '"') {
              throw new CsvException(
                  file, line, "a quote inside an unquoted field (quote the whole field)");
            }
            field.append(c);
          }
        }
        fields.add(field.toString());
        field.setLength(0);
        if (i >= n) {
          end = true;
        } else if (text.charAt(i) == ',') {
          i++;
        } else {
          i += text.charAt(i) == '\r' ? 2 : 1;
          line++;
          end = true;
        }
      }
      records.add(fields.toArray(new String[0]));
      lines.add(start);
    }
    if (records.isEmpty()) {
      throw new CsvException(file, 1, "no header row");
    }
    List<String> header = List.of(records.get(0));
    for (int h = 0; h < header.size(); h++) {
      if (header.get(h).isBlank() || header.subList(0, h).contains(header.get(h))) {
        throw new CsvException(
            file,
            1,
            "header field "
                + (h + 1)
                + (header.get(h).isBlank() ? " is empty" : " repeats '" + header.get(h) + "'"));
      }
    }
    for (int r = 1; r < records.size(); r++) {
      if (records.get(r).length != header.size()) {
        throw new CsvException(
            file, lines.get(r), records.get(r).length + " fields, the header has " + header.size());
      }
    }
    return new CsvTable(
        file, header, records.subList(1, records.size()), lines.subList(1, lines.size()));
  }

  private static boolean isDelimiter(String text, int i) {
    char c = text.charAt(i);
    return c == ','
        || c == '\n'
        || (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n');
  }

  String file() {
    return file;
  }

  List<String> header() {
    return header;
  }

  int size() {
    return rows.size();
  }

  String value(int row, int column) {
    return rows.get(row)[column];
  }

  int line(int row) {
    return lines.get(row);
  }

  /** Bad CSV: the message names the file and line. */
  static final class CsvException extends IllegalArgumentException {
    CsvException(String file, int line, String message) {
      super(file + " line " + line + ": " + message);
    }
  }
}
