package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  private final EventLoop loop = new DefaultEventLoop();
  private final Deadlines deadlines = new Deadlines(loop);
  private final List<String> expired = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private final class Named extends Deadlines.Entry {
    final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    void expired() {
      expired.add(name);
    }
  }

  private static long inMillis(long ms) {
    return System.nanoTime() + ms * 1_000_000L;
  }

  @Test
  void entriesExpireInDeadlineOrderWhateverTheOrderTheyCameIn() {
    loop.execute(
        () -> {
          deadlines.add(new Named("b"), inMillis(120));
          deadlines.add(new Named("c"), inMillis(160));
          deadlines.add(new Named("a"), inMillis(60)); // a shorter timeout after a reconfiguration
        });

    await().atMost(Duration.ofSeconds(5)).until(() -> expired.size() == 3);
    assertThat(expired).containsExactly("a", "b", "c");
  }

  @Test
  void removedEntriesNeverExpireAndTheOthersStillDo() {
    Named first = new Named("first");
    Named second = new Named("second");
    Named third = new Named("third");
    loop.execute(
        () -> {
          deadlines.add(first, inMillis(50));
          deadlines.add(second, inMillis(80));
          deadlines.add(third, inMillis(100));
          deadlines.remove(first); // the earliest: the timer set for it finds nothing due
          deadlines.remove(third);
          deadlines.remove(third); // twice is harmless
        });

    await().atMost(Duration.ofSeconds(5)).until(() -> expired.contains("second"));
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> true);
    assertThat(expired).containsExactly("second");
  }

  @Test
  void anEntryAddedWhileOthersExpireGetsItsOwnTurn() {
    loop.execute(
        () ->
            deadlines.add(
                new Deadlines.Entry() {
                  @Override
                  void expired() {
                    expired.add("outer");
                    deadlines.add(new Named("inner"), inMillis(30));
                  }
                },
                inMillis(30)));

    await().atMost(Duration.ofSeconds(5)).until(() -> expired.size() == 2);
    assertThat(expired).containsExactly("outer", "inner");
  }
}
