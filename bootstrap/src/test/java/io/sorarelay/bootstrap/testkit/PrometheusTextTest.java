package io.sorarelay.bootstrap.testkit;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parse reads back what the Prometheus Java client writes, and refuses what a Prometheus server would. */
class PrometheusTextTest {

    @Test
    void reads_back_every_type_the_prometheus_client_writes_escapes_included() throws Exception {
        String awkward = "a \"quoted\" \\ path\nwith a newline, {braces} and = signs";
        MetricSnapshots written = MetricSnapshots.of(
                CounterSnapshot.builder().name("calls").help("calls made\nand a \\ backslash")
                        .dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("path", awkward, "code", "200")).value(3).build())
                        .dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("path", "/b", "code", "500")).value(1).build())
                        .build(),
                GaugeSnapshot.builder().name("temperature").help("how warm")
                        .dataPoint(GaugeDataPointSnapshot.builder().value(Double.NaN).build()).build(),
                HistogramSnapshot.builder().name("latency_seconds").help("latency")
                        .dataPoint(HistogramDataPointSnapshot.builder().labels(Labels.of("route", "/x/{id}"))
                                .classicHistogramBuckets(ClassicHistogramBuckets.of(new double[] {0.1, 1, Double.POSITIVE_INFINITY}, new long[] {2, 3, 1}))
                                .sum(2.5).build())
                        .build(),
                SummarySnapshot.builder().name("size_bytes").help("sizes")
                        .dataPoint(SummaryDataPointSnapshot.builder().quantiles(Quantiles.of(new Quantile(0.5, 10), new Quantile(0.99, 90)))
                                .count(7).sum(123).build())
                        .build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, written);

        PrometheusText parsed = PrometheusText.parse(out.toString(StandardCharsets.UTF_8));

        assertThat(parsed.family("calls_total").orElseThrow().type()).isEqualTo("counter");
        assertThat(parsed.family("calls_total").orElseThrow().help()).isEqualTo("calls made\nand a \\ backslash");
        assertThat(parsed.value("calls_total", Map.of("path", awkward))).isEqualTo(3);
        assertThat(parsed.value("calls_total", Map.of("code", "500"))).isEqualTo(1);
        assertThat(parsed.value("temperature", Map.of())).isNaN();
        assertThat(parsed.family("latency_seconds").orElseThrow().type()).isEqualTo("histogram");
        assertThat(parsed.value("latency_seconds_bucket", Map.of("route", "/x/{id}", "le", "0.1"))).isEqualTo(2);
        assertThat(parsed.value("latency_seconds_bucket", Map.of("le", "+Inf"))).isEqualTo(6);
        assertThat(parsed.value("latency_seconds_count", Map.of())).isEqualTo(6);
        assertThat(parsed.value("latency_seconds_sum", Map.of())).isEqualTo(2.5);
        assertThat(parsed.value("size_bytes", Map.of("quantile", "0.99"))).isEqualTo(90);
        assertThat(parsed.value("size_bytes_count", Map.of())).isEqualTo(7);
        assertThat(parsed.find("calls_total", Map.of("path", "/nowhere"))).isEmpty();
    }

    @Test
    void accepts_timestamps_untyped_samples_and_comments() {
        PrometheusText parsed = PrometheusText.parse("""
                # a comment that is neither HELP nor TYPE
                plain{a="1",} 4 1700000000000
                  
                other -Inf
                """);
        assertThat(parsed.value("plain", Map.of("a", "1"))).isEqualTo(4);
        assertThat(parsed.family("other").orElseThrow().type()).isEqualTo("untyped");
        assertThat(parsed.value("other", Map.of())).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void refuses_what_a_prometheus_server_would_refuse() {
        refused("m{a=\"x} 1\n", "unterminated");
        refused("m{a=x} 1\n", "not quoted");
        refused("m{a=\"\\t\"} 1\n", "invalid escape");
        refused("1m 1\n", "invalid metric name");
        refused("m{1a=\"x\"} 1\n", "invalid label name");
        refused("m one\n", "invalid number");
        refused("m 1 soon\n", "invalid timestamp");
        refused("# TYPE m sometimes\n", "unknown type");
        refused("m 1\n# TYPE m gauge\n", "after its samples");
        refused("# TYPE m gauge\n# TYPE m gauge\n", "second TYPE");
        refused("# HELP m a\n# HELP m b\n", "second HELP");
        refused("m{a=\"1\"} 1\nm{a=\"1\"} 2\n", "appears twice");
        refused("m{a=\"1\"} 1\nn 1\nm{a=\"2\"} 2\n", "not in one group");
        refused("# TYPE h histogram\nh_bucket 1\n", "without an 'le' label");
        refused("# TYPE h histogram\nh 1\n", "without a _bucket");
        refused("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n", "no +Inf bucket");
        refused("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n", "not cumulative");
        refused("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n", "differs from the count");
    }

    private static void refused(String text, String why) {
        assertThatThrownBy(() -> PrometheusText.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(why);
    }
}
