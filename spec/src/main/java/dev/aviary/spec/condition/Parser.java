package dev.aviary.spec.condition;

/** Recursive-descent parser over the condition text; reports the offset of every mistake. */
final class Parser {
  /**
   * Far more than any real condition needs; what bounds the recursion of parsing and evaluating, so
   * that no text overflows the stack.
   */
  static final int MAX_NESTING = 64;

  static final int MAX_OPERATORS = 256;

  private final String s;
  private int i;
  private int nesting;
  private int operators;

  Parser(String s) {
    this.s = s;
  }

  Node parseAll() {
    skip();
    if (i == s.length()) {
      throw new ConditionException("condition is empty", 0);
    }
    Node n = or();
    skip();
    if (i < s.length()) {
      throw new ConditionException("unexpected '" + s.charAt(i) + "'", i);
    }
    return n;
  }

  private Node or() {
    enter();
    Node left = and();
    while (true) {
      int p = peekPos();
      if (!eat("||")) {
        nesting--;
        return left;
      }
      left = binary("||", left, and(), p);
    }
  }

  /** One level deeper: parentheses, an index, len(...), '!' or unary '-'. */
  private void enter() {
    if (++nesting > MAX_NESTING) {
      throw new ConditionException("nested deeper than " + MAX_NESTING + " levels", peekPos());
    }
  }

  private Node binary(String op, Node left, Node right, int p) {
    count(p);
    return new Node.Binary(op, left, right, p);
  }

  /** Binary operators and indexes make the tree deeper without nesting. */
  private void count(int p) {
    if (++operators > MAX_OPERATORS) {
      throw new ConditionException("more than " + MAX_OPERATORS + " operators", p);
    }
  }

  private Node and() {
    Node left = not();
    while (true) {
      int p = peekPos();
      if (!eat("&&")) {
        return left;
      }
      left = binary("&&", left, not(), p);
    }
  }

  private Node not() {
    skip();
    int p = i;
    if (i < s.length() && s.charAt(i) == '!' && !s.startsWith("!=", i)) {
      i++;
      enter();
      Node n = new Node.Not(not(), p);
      nesting--;
      return n;
    }
    return comparison();
  }

  private Node comparison() {
    Node left = additive();
    int p = peekPos();
    for (String op : new String[] {"<=", ">=", "==", "!=", "<", ">"}) {
      if (eat(op)) {
        Node right = additive();
        int q = peekPos();
        for (String again : new String[] {"<", ">", "==", "!="}) {
          if (s.startsWith(again, q)) {
            throw new ConditionException("comparisons cannot be chained; use &&", q);
          }
        }
        return binary(op, left, right, p);
      }
    }
    if (s.startsWith("=", p)) {
      throw new ConditionException("'=' is not an operator; use '==' to compare", p);
    }
    return left;
  }

  private Node additive() {
    Node left = multiplicative();
    while (true) {
      int p = peekPos();
      if (eat("+")) {
        left = binary("+", left, multiplicative(), p);
      } else if (eat("-")) {
        left = binary("-", left, multiplicative(), p);
      } else {
        return left;
      }
    }
  }

  private Node multiplicative() {
    Node left = unary();
    while (true) {
      int p = peekPos();
      String op =
          s.startsWith("*", p)
              ? "*"
              : s.startsWith("/", p) ? "/" : s.startsWith("%", p) ? "%" : null;
      if (op == null) {
        return left;
      }
      i = p + 1;
      left = binary(op, left, unary(), p);
    }
  }

  private Node unary() {
    int p = peekPos();
    if (eat("-")) {
      enter();
      Node n = new Node.Neg(unary(), p);
      nesting--;
      return n;
    }
    return postfix();
  }

  private Node postfix() {
    Node n = primary();
    while (true) {
      int p = peekPos();
      if (!eat("[")) {
        return n;
      }
      Node index = or();
      expect("]", "to close '[' at position " + p);
      count(p);
      n = new Node.Index(n, index, p);
    }
  }

  private Node primary() {
    skip();
    if (i >= s.length()) {
      throw new ConditionException("expression ends too early; expected a value", i);
    }
    int p = i;
    char c = s.charAt(i);
    if (c == '(') {
      i++;
      Node n = or();
      expect(")", "to close '(' at position " + p);
      return n;
    }
    if (Character.isDigit(c) || c == '.') {
      return number();
    }
    if (Character.isLetter(c) || c == '_') {
      while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
        i++;
      }
      String word = s.substring(p, i);
      switch (word) {
        case "result":
        case "baseline":
          return new Node.Var(word);
        case "true":
          return new Node.Bool(true);
        case "false":
          return new Node.Bool(false);
        case "len":
          expect("(", "after len");
          Node arg = or();
          expect(")", "to close len(");
          return new Node.Len(arg, p);
        default:
          throw new ConditionException(
              "unknown name '" + word + "'; expected result, baseline, true, false or len(...)", p);
      }
    }
    throw new ConditionException("unexpected '" + c + "'; expected a value", p);
  }

  private Node number() {
    int p = i;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int save = i;
      i++;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int digits = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (digits == i) {
        i = save;
      }
    }
    try {
      return new Node.Num(Double.parseDouble(s.substring(p, i)));
    } catch (NumberFormatException e) {
      throw new ConditionException("malformed number '" + s.substring(p, i) + "'", p);
    }
  }

  private void expect(String token, String why) {
    skip();
    if (!eat(token)) {
      String got = i < s.length() ? "'" + s.charAt(i) + "'" : "the end";
      throw new ConditionException("expected '" + token + "' " + why + ", got " + got, i);
    }
  }

  private boolean eat(String token) {
    skip();
    if (s.startsWith(token, i)) {
      i += token.length();
      return true;
    }
    return false;
  }

  private int peekPos() {
    skip();
    return i;
  }

  private void skip() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }
}
