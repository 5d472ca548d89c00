package dev.oncelane.workers.it;

import dev.oncelane.workers.temporal.TemporalCliServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** An integration test owning a real dev server and a lane around it, both stopped after it. */
abstract class RealServerTest {

  @TempDir Path dataDir;

  TemporalCliServer temporal;
  RealServerLane lane;

  @AfterEach
  void stopLaneAndServer() {
    if (lane != null) {
      lane.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }
}
