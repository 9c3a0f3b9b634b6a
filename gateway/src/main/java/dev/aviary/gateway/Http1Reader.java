package dev.aviary.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads HTTP/1.x messages, one at a time, from the bytes a connection received, without turning
 * them into objects: the head is copied into a reused array, validated, and its fields are kept as
 * positions in it; only what the gateway acts on is looked at (framing, connection, expectation,
 * the request path; the rest on demand).
 *
 * <p>Positions are relative to the buffer's reader index, which only moves when the caller {@link
 * #consume consumes} a whole message, so the buffer may be grown or replaced in between. Strict on
 * purpose, since what passes here is forwarded: CRLF line ends only, no folded or space-prefixed
 * header lines, no whitespace before a colon, control characters nowhere, one Content-Length value
 * of digits only, no Content-Length together with Transfer-Encoding, only {@code chunked} as a
 * request transfer coding, chunk sizes of hex digits, and bounded heads.
 */
final class Http1Reader {
  static final int MAX_FIELDS = 128;
  private static final int MAX_CHUNK_LINE = 1024;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private enum State {
    HEAD,
    FIXED,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_CRLF,
    TRAILERS,
    UNTIL_CLOSE,
    DONE
  }

  private final boolean request;
  private final int maxHead;
  private final ByteBufAllocator alloc;
  private long maxBody;
  private boolean noBodyExpected;

  private State state = State.HEAD;

  /** The head's bytes (and maybe more): {@code copied} bytes from the buffer's reader index. */
  private final byte[] h;

  private int copied;
  private int searchFrom;
  // Head, relative positions.
  private int headLength;
  private int methodEnd;
  private int targetStart;
  private int targetEnd;
  private int pathStart;
  private int pathEnd;
  private int minorVersion;
  private int status;
  private int statusLineEnd;
  private final int[] fields = new int[MAX_FIELDS * 4];
  private int fieldCount;
  // Framing.
  private long contentLength;
  private boolean chunked;
  private boolean close;
  private boolean keepAliveToken;
  private boolean expectContinue;
  private boolean expectOther;
  // Body.
  private int pos;
  private long chunkRemaining;
  private long bodyLength;
  private int trailerBytes;
  private ByteBuf chunkedBody;

  Http1Reader(boolean request, int maxHead, ByteBufAllocator alloc) {
    this.request = request;
    this.maxHead = maxHead;
    this.alloc = alloc;
    this.h = new byte[maxHead + 1];
  }

  /**
   * Starts reading a new message. {@code noBody}: an answer to a HEAD request, which has no body
   * whatever its head says.
   */
  void reset(long maxBody, boolean noBody) {
    release();
    this.maxBody = maxBody;
    this.noBodyExpected = noBody;
    state = State.HEAD;
    copied = 0;
    searchFrom = 0;
    fieldCount = 0;
    contentLength = -1;
    chunked = false;
    close = false;
    keepAliveToken = false;
    expectContinue = false;
    expectOther = false;
    bodyLength = 0;
    trailerBytes = 0;
  }

  /** Frees the decoded chunked body, if any. */
  void release() {
    if (chunkedBody != null) {
      chunkedBody.release();
      chunkedBody = null;
    }
  }

  /**
   * Reads as far as the received bytes allow; true once the whole message is there.
   *
   * @throws BadHttpException malformed, or a body larger than the reset's maximum
   */
  boolean read(ByteBuf buf) throws BadHttpException {
    if (state == State.HEAD && !readHead(buf)) {
      return false;
    }
    switch (state) {
      case FIXED -> {
        if (buf.readableBytes() - headLength >= contentLength) {
          state = State.DONE;
        }
      }
      case CHUNK_SIZE, CHUNK_DATA, CHUNK_CRLF, TRAILERS -> readChunks(buf);
      case UNTIL_CLOSE -> {
        if (buf.readableBytes() - headLength > maxBody) {
          throw BadHttpException.tooLarge("body larger than " + maxBody + " bytes");
        }
      }
      default -> {}
    }
    return state == State.DONE;
  }

  /** For a message whose body runs until the connection closes: it just closed. */
  boolean closed(ByteBuf buf) {
    if (state != State.UNTIL_CLOSE) {
      return false;
    }
    bodyLength = buf.readableBytes() - headLength;
    state = State.DONE;
    return true;
  }

  boolean headDone() {
    return state != State.HEAD;
  }

  /** Bytes of the complete message in the buffer (head, body, chunk framing, trailers). */
  int messageLength() {
    if (state != State.DONE) {
      throw new IllegalStateException("message not complete");
    }
    return chunked ? pos : headLength + (int) bodyLength;
  }

  /** Removes the complete message from the buffer and gets ready for the next one. */
  void consume(ByteBuf buf, long nextMaxBody, boolean nextNoBody) {
    buf.skipBytes(messageLength());
    reset(nextMaxBody, nextNoBody);
  }

  private boolean readHead(ByteBuf buf) throws BadHttpException {
    if (request && copied == 0) {
      // A server should ignore empty lines before a request line (RFC 9112 2.2).
      while (buf.readableBytes() >= 2
          && buf.getByte(buf.readerIndex()) == '\r'
          && buf.getByte(buf.readerIndex() + 1) == '\n') {
        buf.skipBytes(2);
      }
      if (buf.readableBytes() == 1 && buf.getByte(buf.readerIndex()) == '\r') {
        return false; // the rest of an empty line may still be on its way
      }
    }
    int readable = buf.readableBytes();
    int available = Math.min(readable, h.length);
    if (available > copied) {
      buf.getBytes(buf.readerIndex() + copied, h, copied, available - copied);
      copied = available;
    }
    byte[] h = this.h;
    for (int i = indexOfLf(searchFrom, available); i >= 0; i = indexOfLf(i + 1, available)) {
      if (i == 0 || h[i - 1] != '\r') {
        throw BadHttpException.malformed("line not ended by CRLF");
      }
      if (i == 1) {
        // An empty first line: only a response can get here (requests skip them above).
        throw BadHttpException.malformed("empty status line");
      }
      if (i >= 3 && h[i - 2] == '\n') {
        headLength = i + 1;
        parseHead();
        return true;
      }
    }
    if (readable > maxHead) {
      throw BadHttpException.malformed("head longer than " + maxHead + " bytes");
    }
    searchFrom = available;
    return false;
  }

  /** The first LF in {@code h[from, to)}, or -1; eight bytes at a time. */
  private int indexOfLf(int from, int to) {
    byte[] h = this.h;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(h, i) ^ 0x0A0A0A0A0A0A0A0AL;
      // Sets the high bit of each zero byte (the lowest one is exact, which is all we use).
      long zeros = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (h[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Whether any of the eight bytes is below 0x20 or is 0x7f (exact as to whether, not which). */
  private static boolean hasControl(long x) {
    long below = (x - 0x2020202020202020L) & ~x & 0x8080808080808080L;
    long d = x ^ 0x7F7F7F7F7F7F7F7FL;
    long delete = (d - 0x0101010101010101L) & ~d & 0x8080808080808080L;
    return (below | delete) != 0;
  }

  private void parseHead() throws BadHttpException {
    int p = request ? parseRequestLine() : parseStatusLine();
    int end = headLength - 2;
    while (p < end) {
      p = parseField(p);
    }
    frame();
  }

  /** Parses the request line; returns where the next line starts. */
  private int parseRequestLine() throws BadHttpException {
    byte[] h = this.h;
    int p = 0;
    while (Ascii.isToken(h[p])) {
      p++;
    }
    if (p == 0 || h[p] != ' ') {
      throw BadHttpException.malformed("invalid request method");
    }
    methodEnd = p;
    targetStart = ++p;
    while (true) {
      byte b = h[p];
      if (b == ' ' || b == '\r') {
        break;
      }
      if (b < 0x21 || b > 0x7e) {
        throw BadHttpException.malformed("invalid character in request target");
      }
      p++;
    }
    targetEnd = p;
    if (targetEnd == targetStart || h[p] != ' ') {
      throw BadHttpException.malformed("invalid request line");
    }
    int versionStart = p + 1;
    int end = versionStart;
    while (h[end] != '\r') {
      end++;
    }
    if (h[end + 1] != '\n') {
      throw BadHttpException.malformed("invalid request line");
    }
    minorVersion = version(versionStart, end);
    if (minorVersion < 0) {
      throw BadHttpException.malformed("unsupported HTTP version");
    }
    locatePath();
    return end + 2;
  }

  /**
   * The path in the request target: origin form ({@code /p?q}) or absolute form ({@code
   * http://host/p?q}, forwarded as {@code /p?q}). Anything else is taken as it is (and matches no
   * route).
   */
  private void locatePath() {
    int start = targetStart;
    if (h[start] != '/') {
      int length = targetEnd - start;
      int scheme =
          length >= 7 && Ascii.equalsLower(h, start, 7, "http://")
              ? 7
              : length >= 8 && Ascii.equalsLower(h, start, 8, "https://") ? 8 : 0;
      if (scheme > 0) {
        start += scheme;
        while (start < targetEnd && h[start] != '/' && h[start] != '?') {
          start++;
        }
      }
    }
    pathStart = start;
    int p = start;
    while (p < targetEnd && h[p] != '?') {
      p++;
    }
    pathEnd = p;
  }

  /** Parses the status line; returns where the next line starts. */
  private int parseStatusLine() throws BadHttpException {
    byte[] h = this.h;
    int end = 0;
    while (h[end] != '\r') {
      end++;
    }
    if (h[end + 1] != '\n') {
      throw BadHttpException.malformed("invalid status line");
    }
    minorVersion = version(0, Math.min(end, 8));
    if (minorVersion < 0 || end < 12 || h[8] != ' ') {
      throw BadHttpException.malformed("invalid status line");
    }
    int s = 0;
    for (int i = 9; i < 12; i++) {
      byte b = h[i];
      if (b < '0' || b > '9') {
        throw BadHttpException.malformed("invalid status code");
      }
      s = s * 10 + (b - '0');
    }
    if (s < 100 || (end > 12 && h[12] != ' ')) {
      throw BadHttpException.malformed("invalid status line");
    }
    for (int i = 13; i < end; i++) {
      byte b = h[i];
      if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
        throw BadHttpException.malformed("invalid character in reason phrase");
      }
    }
    status = s;
    statusLineEnd = end;
    return end + 2;
  }

  /** 0 or 1 for exactly "HTTP/1.0" or "HTTP/1.1" in [from, end), else -1. */
  private int version(int from, int end) {
    if (end - from != 8 || !Ascii.equalsExact(h, from, 7, "HTTP/1.")) {
      return -1;
    }
    byte minor = h[from + 7];
    return minor == '1' ? 1 : minor == '0' ? 0 : -1;
  }

  /** Parses the header line at {@code start}; returns where the next line starts. */
  private int parseField(int start) throws BadHttpException {
    byte[] h = this.h;
    int p = start;
    while (Ascii.isToken(h[p])) {
      p++;
    }
    if (p == start) {
      throw BadHttpException.malformed(
          h[start] == ' ' || h[start] == '\t'
              ? "folded header lines are not accepted"
              : "invalid header name");
    }
    if (h[p] != ':') {
      throw BadHttpException.malformed("invalid header name (or whitespace before the colon)");
    }
    int nameEnd = p++;
    while (h[p] == ' ' || h[p] == '\t') {
      p++;
    }
    int valueStart = p;
    // Eight bytes at a time while none is a control character (the CR ending the line is one).
    while (p + 8 <= h.length && !hasControl((long) LONGS.get(h, p))) {
      p += 8;
    }
    for (; ; p++) {
      byte b = h[p];
      if (b == '\r') {
        if (h[p + 1] != '\n') {
          throw BadHttpException.malformed("invalid character in header value");
        }
        break;
      }
      if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
        throw BadHttpException.malformed("invalid character in header value");
      }
    }
    int valueEnd = p;
    while (valueEnd > valueStart && (h[valueEnd - 1] == ' ' || h[valueEnd - 1] == '\t')) {
      valueEnd--;
    }
    if (fieldCount == MAX_FIELDS) {
      throw BadHttpException.malformed("more than " + MAX_FIELDS + " header fields");
    }
    int i = fieldCount++ * 4;
    fields[i] = start;
    fields[i + 1] = nameEnd;
    fields[i + 2] = valueStart;
    fields[i + 3] = valueEnd;
    return p + 2;
  }

  private void frame() throws BadHttpException {
    int transferEncodings = 0;
    byte[] h = this.h;
    for (int f = 0; f < fieldCount; f++) {
      int i = f * 4;
      int nameStart = fields[i];
      int nameLength = fields[i + 1] - nameStart;
      int valueStart = fields[i + 2];
      int valueLength = fields[i + 3] - valueStart;
      switch (nameLength) {
        case 14 -> {
          if (Ascii.equalsLower(h, nameStart, 14, "content-length")) {
            long length = digits(valueStart, valueLength);
            if (contentLength >= 0 && contentLength != length) {
              throw BadHttpException.malformed("conflicting Content-Length headers");
            }
            contentLength = length;
          }
        }
        case 17 -> {
          if (Ascii.equalsLower(h, nameStart, 17, "transfer-encoding")) {
            transferEncodings++;
            chunked = Ascii.equalsLower(h, valueStart, valueLength, "chunked");
            if (request && !chunked) {
              throw BadHttpException.malformed("unsupported Transfer-Encoding (only chunked)");
            }
          }
        }
        case 10 -> {
          if (Ascii.equalsLower(h, nameStart, 10, "connection")) {
            connectionTokens(valueStart, valueLength);
          }
        }
        case 6 -> {
          if (request && Ascii.equalsLower(h, nameStart, 6, "expect")) {
            if (Ascii.equalsLower(h, valueStart, valueLength, "100-continue")) {
              expectContinue = true;
            } else {
              expectOther = true;
            }
          }
        }
        default -> {}
      }
    }
    if (transferEncodings > 0) {
      if (contentLength >= 0) {
        throw BadHttpException.malformed("both Content-Length and Transfer-Encoding");
      }
      if (transferEncodings > 1) {
        throw BadHttpException.malformed("more than one Transfer-Encoding header");
      }
      if (request && minorVersion == 0) {
        throw BadHttpException.malformed("Transfer-Encoding in an HTTP/1.0 request");
      }
    }
    if (!request && (status / 100 == 1 || status == 204 || status == 304 || noBodyExpected)) {
      state = State.DONE;
      chunked = false;
      bodyLength = 0;
      return;
    }
    if (chunked) {
      pos = headLength;
      state = State.CHUNK_SIZE;
    } else if (contentLength >= 0) {
      if (contentLength > maxBody) {
        throw BadHttpException.tooLarge("body larger than " + maxBody + " bytes");
      }
      bodyLength = contentLength;
      state = contentLength == 0 ? State.DONE : State.FIXED;
    } else if (request) {
      state = State.DONE;
    } else {
      // An answer without a length (or with a coding other than chunked) ends when the
      // connection does.
      state = State.UNTIL_CLOSE;
      close = true;
    }
  }

  private long digits(int start, int length) throws BadHttpException {
    if (length == 0 || length > 18) {
      throw BadHttpException.malformed("invalid Content-Length");
    }
    long v = 0;
    for (int i = 0; i < length; i++) {
      byte b = h[start + i];
      if (b < '0' || b > '9') {
        throw BadHttpException.malformed("invalid Content-Length");
      }
      v = v * 10 + (b - '0');
    }
    return v;
  }

  private void connectionTokens(int start, int length) {
    int p = start;
    int end = start + length;
    while (p < end) {
      while (p < end && (h[p] == ' ' || h[p] == '\t' || h[p] == ',')) {
        p++;
      }
      int tokenStart = p;
      while (p < end && h[p] != ',') {
        p++;
      }
      int tokenEnd = p;
      while (tokenEnd > tokenStart && (h[tokenEnd - 1] == ' ' || h[tokenEnd - 1] == '\t')) {
        tokenEnd--;
      }
      if (Ascii.equalsLower(h, tokenStart, tokenEnd - tokenStart, "close")) {
        close = true;
      } else if (Ascii.equalsLower(h, tokenStart, tokenEnd - tokenStart, "keep-alive")) {
        keepAliveToken = true;
      }
    }
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t';
  }

  private void readChunks(ByteBuf buf) throws BadHttpException {
    int base = buf.readerIndex();
    int readable = buf.readableBytes();
    while (state != State.DONE) {
      switch (state) {
        case CHUNK_SIZE -> {
          int end = lineEnd(buf, base, readable, MAX_CHUNK_LINE, "chunk size line too long");
          if (end < 0) {
            return;
          }
          long size = chunkSize(buf, base + pos, end - pos);
          if (bodyLength + size > maxBody) {
            throw BadHttpException.tooLarge("body larger than " + maxBody + " bytes");
          }
          pos = end + 2;
          chunkRemaining = size;
          state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
        }
        case CHUNK_DATA -> {
          int n = (int) Math.min(chunkRemaining, readable - pos);
          if (n == 0) {
            return;
          }
          if (chunkedBody == null) {
            chunkedBody = alloc.buffer((int) Math.min(Math.max(chunkRemaining, 256), 65536));
          }
          chunkedBody.writeBytes(buf, base + pos, n);
          pos += n;
          bodyLength += n;
          chunkRemaining -= n;
          if (chunkRemaining == 0) {
            state = State.CHUNK_CRLF;
          }
        }
        case CHUNK_CRLF -> {
          if (readable - pos < 2) {
            return;
          }
          if (buf.getByte(base + pos) != '\r' || buf.getByte(base + pos + 1) != '\n') {
            throw BadHttpException.malformed("chunk data not followed by CRLF");
          }
          pos += 2;
          state = State.CHUNK_SIZE;
        }
        case TRAILERS -> {
          int end = lineEnd(buf, base, readable, maxHead, "trailer section too long");
          if (end < 0) {
            return;
          }
          trailerBytes += end + 2 - pos;
          if (trailerBytes > maxHead) {
            throw BadHttpException.malformed("trailer section too long");
          }
          if (end > pos) {
            validateTrailer(buf, base + pos, end - pos);
          } else {
            state = State.DONE;
          }
          pos = end + 2;
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
  }

  /** The position of the CR of the CRLF ending the line at {@code pos}, or -1 if not there yet. */
  private int lineEnd(ByteBuf buf, int base, int readable, int max, String tooLong)
      throws BadHttpException {
    int lf = buf.forEachByte(base + pos, readable - pos, ByteProcessor.FIND_LF);
    if (lf < 0) {
      if (readable - pos > max) {
        throw BadHttpException.malformed(tooLong);
      }
      return -1;
    }
    int end = lf - base - 1;
    if (end < pos || buf.getByte(base + end) != '\r') {
      throw BadHttpException.malformed("line not ended by CRLF");
    }
    if (end - pos > max) {
      throw BadHttpException.malformed(tooLong);
    }
    return end;
  }

  private static long chunkSize(ByteBuf buf, int start, int length) throws BadHttpException {
    long size = 0;
    int p = 0;
    while (p < length) {
      int d = Character.digit(buf.getByte(start + p), 16);
      if (d < 0) {
        break;
      }
      if (p == 15) {
        throw BadHttpException.malformed("chunk size too large");
      }
      size = size * 16 + d;
      p++;
    }
    if (p == 0) {
      throw BadHttpException.malformed("invalid chunk size");
    }
    int q = p;
    while (q < length && isWhitespace(buf.getByte(start + q))) {
      q++;
    }
    if (q < length && buf.getByte(start + q) != ';') {
      throw BadHttpException.malformed("invalid chunk size");
    }
    for (; q < length; q++) {
      byte b = buf.getByte(start + q);
      if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f || b == '\r') {
        throw BadHttpException.malformed("invalid character in chunk extension");
      }
    }
    return size;
  }

  private static void validateTrailer(ByteBuf buf, int start, int length) throws BadHttpException {
    int p = 0;
    while (p < length && Ascii.isToken(buf.getByte(start + p))) {
      p++;
    }
    if (p == 0 || p >= length || buf.getByte(start + p) != ':') {
      throw BadHttpException.malformed("invalid trailer field");
    }
    for (p++; p < length; p++) {
      byte b = buf.getByte(start + p);
      if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
        throw BadHttpException.malformed("invalid character in trailer field");
      }
    }
  }

  // --- what the head says (valid once headDone()) ---

  boolean keepAlive() {
    return !close && (minorVersion == 1 || keepAliveToken);
  }

  int minorVersion() {
    return minorVersion;
  }

  boolean expectContinue() {
    return expectContinue;
  }

  boolean unsupportedExpectation() {
    return expectOther;
  }

  /** Whether the request said how long its body is (Content-Length or chunked). */
  boolean framed() {
    return chunked || contentLength >= 0;
  }

  int status() {
    return status;
  }

  int headLength() {
    return headLength;
  }

  long bodyLength() {
    return bodyLength;
  }

  /** The body of the complete message: a view of {@code buf} or of the decoded chunks. */
  ByteBuf body(ByteBuf buf) {
    if (bodyLength == 0) {
      return Unpooled.EMPTY_BUFFER;
    }
    return chunked ? chunkedBody : buf.slice(buf.readerIndex() + headLength, (int) bodyLength);
  }

  boolean methodIs(String method) {
    return Ascii.equalsExact(h, 0, methodEnd, method);
  }

  /** The request path (the target up to '?', without scheme and host in absolute form). */
  String path() {
    return Ascii.string(h, pathStart, pathEnd - pathStart);
  }

  /** Writes the request line for an upstream: method, origin-form target, HTTP/1.1. */
  void writeRequestLine(ByteBuf out) {
    out.writeBytes(h, 0, methodEnd).writeByte(' ');
    if (pathStart == targetEnd || h[pathStart] == '?') {
      out.writeByte('/');
    }
    out.writeBytes(h, pathStart, targetEnd - pathStart);
    out.writeBytes(HTTP_11_LINE_END);
  }

  private static final byte[] HTTP_11_LINE_END = Ascii.bytes(" HTTP/1.1\r\n");

  /** Writes "code reason" of the status line (a reason phrase may be empty, not its space). */
  void writeStatus(ByteBuf out) {
    out.writeBytes(h, 9, statusLineEnd - 9);
    if (statusLineEnd == 12) {
      out.writeByte(' ');
    }
  }

  int fieldCount() {
    return fieldCount;
  }

  /** Writes header {@code field} as received (name, colon, whitespace, value) and a CRLF. */
  void writeField(ByteBuf out, int field) {
    int i = field * 4;
    out.writeBytes(h, fields[i], fields[i + 3] - fields[i]).writeByte('\r').writeByte('\n');
  }

  /** Writes the value of header {@code field}. */
  void writeValue(ByteBuf out, int field) {
    int i = field * 4;
    out.writeBytes(h, fields[i + 2], fields[i + 3] - fields[i + 2]);
  }

  boolean isHopByHop(int field) {
    int i = field * 4;
    return HopByHop.is(h, fields[i], fields[i + 1] - fields[i]);
  }

  boolean nameIs(int field, String name) {
    int i = field * 4;
    return Ascii.equalsIgnoreCase(h, fields[i], fields[i + 1] - fields[i], name);
  }

  boolean valueEmpty(int field) {
    return fields[field * 4 + 2] == fields[field * 4 + 3];
  }

  /** The first value of header {@code name} (any case), or null. */
  String header(String name) {
    for (int f = 0; f < fieldCount; f++) {
      if (nameIs(f, name)) {
        return value(f);
      }
    }
    return null;
  }

  String value(int field) {
    int i = field * 4;
    return Ascii.string(h, fields[i + 2], fields[i + 3] - fields[i + 2]);
  }

  /** The value of cookie {@code name} in the Cookie headers, or null. */
  String cookie(String name) {
    for (int f = 0; f < fieldCount; f++) {
      if (!nameIs(f, "cookie")) {
        continue;
      }
      for (String pair : value(f).split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
          String v = pair.substring(eq + 1).trim();
          if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
            v = v.substring(1, v.length() - 1);
          }
          return v;
        }
      }
    }
    return null;
  }
}
