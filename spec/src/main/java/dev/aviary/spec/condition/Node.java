package dev.aviary.spec.condition;

/** Expression tree. Values at run time are Double, Boolean or {@link Value.Vector}. */
sealed interface Node {

  record Env(Value result, Value baseline) {}

  Object eval(Env env);

  boolean usesBaseline();

  static String describe(Object v) {
    if (v instanceof Value.Vector vec) {
      return "a vector " + vec;
    }
    if (v instanceof Boolean) {
      return "a boolean " + v;
    }
    return "the number " + v;
  }

  record Num(double value) implements Node {
    @Override
    public Object eval(Env env) {
      return value;
    }

    @Override
    public boolean usesBaseline() {
      return false;
    }
  }

  record Bool(boolean value) implements Node {
    @Override
    public Object eval(Env env) {
      return value;
    }

    @Override
    public boolean usesBaseline() {
      return false;
    }
  }

  record Var(String name) implements Node {
    @Override
    public Object eval(Env env) {
      Value v = name.equals("result") ? env.result() : env.baseline();
      return v instanceof Value.Scalar s ? (Object) s.value() : v;
    }

    @Override
    public boolean usesBaseline() {
      return name.equals("baseline");
    }
  }

  record Len(Node arg, int pos) implements Node {
    @Override
    public Object eval(Env env) {
      Object v = arg.eval(env);
      if (v instanceof Value.Vector vec) {
        return (double) vec.size();
      }
      if (v instanceof Double) {
        return 1.0;
      }
      throw new EvaluationException("len() at position " + pos + " needs a vector", false);
    }

    @Override
    public boolean usesBaseline() {
      return arg.usesBaseline();
    }
  }

  record Index(Node target, Node index, int pos) implements Node {
    @Override
    public Object eval(Env env) {
      Object t = target.eval(env);
      double i = number(index.eval(env), pos);
      if (!(t instanceof Value.Vector vec)) {
        if (t instanceof Double d && i == 0) {
          return d; // a single number is a vector of one
        }
        throw new EvaluationException("cannot index " + describe(t) + " at position " + pos, false);
      }
      if (i != Math.rint(i) || i < 0 || i >= vec.size()) {
        throw new EvaluationException(
            "index " + i + " at position " + pos + " is outside a vector of " + vec.size(),
            vec.size() == 0);
      }
      return vec.at((int) i);
    }

    @Override
    public boolean usesBaseline() {
      return target.usesBaseline() || index.usesBaseline();
    }
  }

  record Not(Node arg, int pos) implements Node {
    @Override
    public Object eval(Env env) {
      return !bool(arg.eval(env), pos);
    }

    @Override
    public boolean usesBaseline() {
      return arg.usesBaseline();
    }
  }

  record Neg(Node arg, int pos) implements Node {
    @Override
    public Object eval(Env env) {
      return -number(arg.eval(env), pos);
    }

    @Override
    public boolean usesBaseline() {
      return arg.usesBaseline();
    }
  }

  record Binary(String op, Node left, Node right, int pos) implements Node {
    @Override
    public Object eval(Env env) {
      switch (op) {
        case "&&":
          return bool(left.eval(env), pos) && bool(right.eval(env), pos);
        case "||":
          return bool(left.eval(env), pos) || bool(right.eval(env), pos);
        default:
          break;
      }
      Object l = left.eval(env);
      Object r = right.eval(env);
      if ((op.equals("==") || op.equals("!="))
          && l instanceof Boolean lb
          && r instanceof Boolean rb) {
        return op.equals("==") == lb.equals(rb);
      }
      double a = number(l, pos);
      double b = number(r, pos);
      double out =
          switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> a / b;
            case "%" -> a % b;
            default -> Double.NaN;
          };
      if (isArithmetic()) {
        return out;
      }
      if (Double.isNaN(a) || Double.isNaN(b)) {
        throw new EvaluationException(
            "comparison '" + op + "' at position " + pos + " has a NaN operand", true);
      }
      return switch (op) {
        case "<" -> a < b;
        case "<=" -> a <= b;
        case ">" -> a > b;
        case ">=" -> a >= b;
        case "==" -> a == b;
        case "!=" -> a != b;
        default -> throw new IllegalStateException(op);
      };
    }

    private boolean isArithmetic() {
      return "+-*/%".contains(op);
    }

    @Override
    public boolean usesBaseline() {
      return left.usesBaseline() || right.usesBaseline();
    }
  }

  private static double number(Object v, int pos) {
    if (v instanceof Double d) {
      return d;
    }
    String hint = v instanceof Value.Vector ? "; index it, e.g. result[0]" : "";
    throw new EvaluationException(
        "operator at position " + pos + " needs a number, got " + describe(v) + hint, false);
  }

  private static boolean bool(Object v, int pos) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new EvaluationException(
        "operator at position " + pos + " needs true or false, got " + describe(v), false);
  }
}
