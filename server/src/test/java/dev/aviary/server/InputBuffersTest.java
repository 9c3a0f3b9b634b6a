package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class InputBuffersTest {
  private final InputBuffers buffers = new InputBuffers();

  @Test
  void aPositionGetsTheSameDirectNativeOrderBufferFromCallToCall() {
    ByteBuffer first = buffers.forInput(0, 100);
    ByteBuffer again = buffers.forInput(0, 80);

    assertThat(again).isSameAs(first);
    assertThat(again.isDirect()).isTrue();
    assertThat(again.order()).isEqualTo(ByteOrder.nativeOrder());
    assertThat(again.position()).isZero();
    assertThat(again.limit()).isEqualTo(80);
  }

  @Test
  void inputPositionsHaveTheirOwnBuffers() {
    ByteBuffer a = buffers.forInput(0, 16);
    ByteBuffer b = buffers.forInput(1, 16);
    assertThat(b).isNotSameAs(a);
  }

  @Test
  void aBufferGrowsForALargerInput() {
    ByteBuffer small = buffers.forInput(0, 10);
    ByteBuffer large = buffers.forInput(0, 10_000);

    assertThat(large).isNotSameAs(small);
    assertThat(large.limit()).isEqualTo(10_000);
    assertThat(buffers.forInput(0, 10)).isSameAs(large);
  }

  @Test
  void inputsOverTheLimitGetABufferThatIsNotKept() {
    int over = InputBuffers.MAX_KEPT_BYTES + 1;
    ByteBuffer once = buffers.forInput(0, over);

    assertThat(once.limit()).isEqualTo(over);
    assertThat(once.isDirect()).isTrue();
    assertThat(buffers.forInput(0, over)).isNotSameAs(once);
  }
}
