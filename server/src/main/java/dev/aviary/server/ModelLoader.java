package dev.aviary.server;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates a session for a model file, reads its signature and warms it up with a real run. */
final class ModelLoader {
  private final OrtEnvironment env;
  private final int intraOpThreads;
  private final int interOpThreads;
  private final GraphOptimization optimization;

  ModelLoader(OrtEnvironment env, int intraOpThreads) {
    this(env, intraOpThreads, 0, GraphOptimization.ALL);
  }

  /**
   * @param interOpThreads 0 runs each graph sequentially; more runs independent nodes in parallel
   *     on that many threads
   */
  ModelLoader(
      OrtEnvironment env, int intraOpThreads, int interOpThreads, GraphOptimization optimization) {
    this.env = env;
    this.intraOpThreads = intraOpThreads;
    this.interOpThreads = interOpThreads;
    this.optimization = optimization;
  }

  /** A model that failed to load; the message says why, for /readyz and the log. */
  static final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;

    LoadException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  LoadedModel load(Path file) throws LoadException {
    if (!Files.isRegularFile(file)) {
      throw new LoadException("model file " + file + " does not exist or is not a file", null);
    }
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      if (interOpThreads > 0) {
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
        options.setInterOpNumThreads(interOpThreads);
      }
      options.setOptimizationLevel(
          switch (optimization) {
            case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
          });
      session = env.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new LoadException("cannot load " + file + ": " + e.getMessage(), e);
    }
    try {
      ModelSignature signature =
          OnnxBridge.signature(session.getInputInfo(), session.getOutputInfo());
      return new LoadedModel(env, session, signature);
    } catch (OnnxBridge.UnsupportedModelException | OrtException e) {
      closeQuietly(session);
      throw new LoadException("cannot serve " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs one inference built from the input metadata so the first real request is not slow. */
  void warmUp(LoadedModel model) throws LoadException {
    try {
      model.run(model.warmUpRequest());
    } catch (OrtException | RuntimeException e) {
      throw new LoadException("warm-up inference failed: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(OrtSession s) {
    try {
      s.close();
    } catch (OrtException ignored) {
      // already failing; the load error is what matters
    }
  }
}
