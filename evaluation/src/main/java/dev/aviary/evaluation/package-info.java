/**
 * Evaluation gates: metrics of a candidate model on hold-out rows, paired comparisons with the
 * champion on the same rows, and the gates that pass or fail the candidate. The metric and test
 * classes are pure functions of arrays; {@link OnnxPredictor} is the only one doing I/O.
 */
package dev.aviary.evaluation;
