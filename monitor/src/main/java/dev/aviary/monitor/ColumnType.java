package dev.aviary.monitor;

/** How a column's values are compared. */
public enum ColumnType {
  NUMERICAL,
  CATEGORICAL
}
