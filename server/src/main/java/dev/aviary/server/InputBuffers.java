package dev.aviary.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct (off-heap) buffers that the inputs of a model call are copied into, kept per thread and
 * reused from call to call. ONNX Runtime reads a direct buffer in native byte order in place, but
 * copies any other buffer into a direct buffer it allocates for that call: off-heap memory that is
 * zeroed, registered with a cleaner and freed only after a garbage collection, per input of every
 * request. A thread runs one model call at a time, and the tensors made on these buffers are closed
 * before the call returns, so each thread needs one buffer per input position.
 */
final class InputBuffers {
  /** Larger inputs get a buffer of their own, which is not kept after the call. */
  static final int MAX_KEPT_BYTES = 4 * 1024 * 1024;

  private static final ThreadLocal<InputBuffers> LOCAL = ThreadLocal.withInitial(InputBuffers::new);

  private ByteBuffer[] kept = new ByteBuffer[0];

  /** This thread's buffers. */
  static InputBuffers ofThisThread() {
    return LOCAL.get();
  }

  /**
   * A direct buffer in native order with position 0 and limit {@code bytes}, for the input at
   * {@code position}; valid until this thread asks for the same position again.
   */
  ByteBuffer forInput(int position, int bytes) {
    if (bytes > MAX_KEPT_BYTES) {
      return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }
    if (position >= kept.length) {
      kept = java.util.Arrays.copyOf(kept, position + 1);
    }
    ByteBuffer b = kept[position];
    if (b == null || b.capacity() < bytes) {
      int capacity = Math.min(MAX_KEPT_BYTES, Math.max(bytes, b == null ? 256 : b.capacity() * 2));
      b = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
      kept[position] = b;
    }
    b.clear().limit(bytes);
    return b;
  }
}
