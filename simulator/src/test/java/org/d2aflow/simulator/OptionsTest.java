package org.d2aflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsAimAtTheLocalStack() {
        Options o = Options.parse();
        assertThat(o.days).isEqualTo(365);
        assertThat(o.scale).isEqualTo(1.0);
        assertThat(o.concurrency).isEqualTo(4);
        assertThat(o.referralUrl).isEqualTo("http://127.0.0.1:8081");
        assertThat(o.capacityUrl).isEqualTo("http://127.0.0.1:8082");
        assertThat(o.placementUrl).isEqualTo("http://127.0.0.1:8083");
        assertThat(o.record).isNull();
        assertThat(o.statusFile).isNull();
        assertThat(o.lateShare).isEqualTo(0.2);
    }

    @Test
    void readsEveryOptionInBothSpellings() {
        Options o = Options.parse("--days", "30", "--seed=7", "--scale", "0.3", "--referral-url", "http://r:1/", "--capacity-url=http://c:2",
                "--placement-url", "http://p:3", "--record", "run.jsonl", "--concurrency", "8", "--run-id", "demo-1", "--wait", "5",
                "--status-file", "run/simulator.status", "--late-share", "0.35", "--corrections=5", "--checkpoint", "3,20");
        assertThat(o.days).isEqualTo(30);
        assertThat(o.seed).isEqualTo(7);
        assertThat(o.scale).isEqualTo(0.3);
        assertThat(o.referralUrl).isEqualTo("http://r:1");
        assertThat(o.capacityUrl).isEqualTo("http://c:2");
        assertThat(o.placementUrl).isEqualTo("http://p:3");
        assertThat(o.record).isEqualTo(Path.of("run.jsonl"));
        assertThat(o.concurrency).isEqualTo(8);
        assertThat(o.runId).isEqualTo("demo-1");
        assertThat(o.waitSeconds).isEqualTo(5);
        assertThat(o.statusFile).isEqualTo(Path.of("run/simulator.status"));
        assertThat(o.lateShare).isEqualTo(0.35);
        assertThat(o.corrections).isEqualTo(5);
        assertThat(o.checkpoints).containsExactly(3, 20);
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThatThrownBy(() -> Options.parse("--bogus")).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> Options.parse("--days")).hasMessageContaining("--days needs a value");
        assertThatThrownBy(() -> Options.parse("--days", "x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Options.parse("--scale", "0")).hasMessageContaining("--scale");
        assertThatThrownBy(() -> Options.parse("--concurrency", "0")).hasMessageContaining("--concurrency");
        assertThatThrownBy(() -> Options.parse("--run-id", "a b")).hasMessageContaining("--run-id");
        assertThatThrownBy(() -> Options.parse("--late-share", "1.5")).hasMessageContaining("--late-share");
        assertThatThrownBy(() -> Options.parse("--corrections", "-1")).hasMessageContaining("--corrections");
        assertThatThrownBy(() -> Options.parse("--days", "30", "--checkpoint", "5,31")).hasMessageContaining("--checkpoint");
    }

    @Test
    void planOnlyPrintsTheCalibrationWithoutCallingAnything() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Simulator.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), "--plan-only", "--days", "60", "--scale", "0.2",
                "--referral-url", "http://127.0.0.1:1");
        assertThat(status).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Plan for", "discharge to usual residence", "P1 claims declined");
    }

    @Test
    void badArgumentsExitWithOneAndTheUsage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(Simulator.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), "--nope")).isEqualTo(1);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Usage: Simulator");
    }
}
