package dev.aviary.gateway;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers for HTTP's ASCII syntax. */
final class Ascii {
  private Ascii() {}

  /** Whether {@code buf[start, start + length)} equals {@code lower} ignoring ASCII case. */
  static boolean equalsLower(byte[] buf, int start, int length, String lower) {
    if (length != lower.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      int b = buf[start + i];
      if (b >= 'A' && b <= 'Z') {
        b |= 0x20;
      }
      if (b != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code buf[start, start + length)} equals {@code s} exactly. */
  static boolean equalsExact(byte[] buf, int start, int length, String s) {
    if (length != s.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (buf[start + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Like {@link #equalsLower} for a name of any case. */
  static boolean equalsIgnoreCase(byte[] buf, int start, int length, String name) {
    if (length != name.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      int b = buf[start + i];
      int c = name.charAt(i);
      if (b == c) {
        continue;
      }
      int lower = b | 0x20;
      if (lower < 'a' || lower > 'z' || lower != (c | 0x20)) {
        return false;
      }
    }
    return true;
  }

  static String string(byte[] buf, int start, int length) {
    return new String(buf, start, length, StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Token characters (RFC 9110 5.6.2): what method and header names are made of. */
  static boolean isToken(int b) {
    return TOKEN[b & 0xff];
  }

  private static final boolean[] TOKEN = new boolean[256];

  static {
    for (int c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 32] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TOKEN[c] = true;
    }
  }
}
