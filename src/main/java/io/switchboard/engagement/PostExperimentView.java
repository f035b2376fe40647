package io.switchboard.engagement;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a post's A/B test shows so far: its broadcast's experiment and its page/X posts' experiment. */
@Schema(name = "PostExperiment")
public record PostExperimentView(
        @Schema(example = "0f7c2a61-3b1e-4a55-9d0e-4d7f3c2b9a10")
        String postId,

        @Schema(
                description = "The broadcast's variants: share of recipients who replied within the window; null when"
                        + " the post has no broadcast")
        Experiment broadcast,

        @Schema(
                description = "The page/X posts' variants: engagements per 1,000 views; null when the post has no"
                        + " page or X target")
        Experiment posts) {

    /** One experiment: each variant's outcome with its interval, the comparison of two, and the verdict. */
    @Schema(name = "Experiment")
    public record Experiment(
            @Schema(description = "What is measured", example = "share of recipients who replied within 48 h")
            String outcome,

            @Schema(
                    description = "Hours after its message during which a recipient's reply counts (broadcasts)",
                    example = "48")
            Integer windowHours,

            @Schema(
                    description = "Sample each variant needs before a winner is named (recipients or views)",
                    example = "100")
            long minimumSample,

            List<Variant> variants,

            @Schema(description = "Two variants with samples compared (A − B); null otherwise")
            Comparison comparison,

            @Schema(
                    description = "The variant that won; null until p < 0.05 with the minimum sample reached",
                    example = "A")
            String winner,

            @Schema(
                    description = "Plainly what can be said",
                    example = "no winner yet: each variant needs at least 100 in its sample")
            String verdict) {}

    /** One variant's figures. */
    @Schema(name = "ExperimentVariant")
    public record Variant(
            @Schema(example = "A") String name,

            @Schema(example = "Winter sale: 20% off everything until Sunday")
            String text,

            @Schema(
                    description = "Recipients the variant was sent to (broadcasts) or views of its posts (posts)",
                    example = "120")
            long sampleSize,

            @Schema(description = "Recipients who replied in the window, or engagements", example = "30")
            long successes,

            @Schema(
                    description = "Share of recipients who replied (0–1), or engagements per 1,000 views; null"
                            + " without a sample",
                    example = "0.25")
            Double outcome,

            @Schema(description = "95% confidence interval of the outcome (Wilson score)", example = "0.181")
            Double low,

            @Schema(example = "0.335") Double high,

            @Schema(
                    description = "Broadcasts: recipients whose message has not gone out yet (not in the sample);"
                            + " posts: this variant's posts published",
                    example = "0")
            long pending,

            @Schema(
                    description = "Broadcasts: recipients in the sample whose reply window is still open",
                    example = "0")
            long windowOpen,

            @Schema(description = "Broadcasts: when the last reply window of the sample closes")
            Instant windowClosesAt) {}

    /** Variant A against variant B. */
    @Schema(name = "ExperimentComparison")
    public record Comparison(
            @Schema(description = "Outcome of A minus outcome of B (same unit as the outcomes)", example = "0.15")
            double difference,

            @Schema(description = "95% confidence interval of the difference (Wald)", example = "0.047")
            double differenceLow,

            @Schema(example = "0.253") double differenceHigh,

            @Schema(description = "Two-sided p-value", example = "0.0047")
            double pValue,

            @Schema(
                    description =
                            "z-test (pooled two-proportion) or fisher-exact (when an expected count is" + " below 5)",
                    example = "z-test")
            String test) {}
}
