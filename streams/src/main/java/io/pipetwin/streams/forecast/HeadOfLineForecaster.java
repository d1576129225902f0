package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.ForecastConfig;
import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.Forecaster;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.scenario.PlatformPolicies;
import io.pipetwin.core.scheduling.FifoQueueing;
import io.pipetwin.core.scheduling.FirstFit;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.PlatformSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FIFO first-fit forecasters under both head-of-line rules, of which each platform gets the one its
 * {@link HeadOfLineSetting} names. Under {@link HeadOfLineSetting#AUTO} the rule follows the platform's queue
 * starts as the mirror counts them: a platform backfills once at least {@value #MIN_OVERTAKES} queue starts,
 * and at least 0.5 % of them, overtook an earlier waiting task of their pool. It follows strict FIFO once
 * {@value #MIN_QUEUE_STARTS} queue starts have not shown that, and it backfills until then. Thread-safe.
 */
public final class HeadOfLineForecaster implements PlatformForecaster {

    /** Queue starts needed before a platform without overtakes counts as strict FIFO. */
    static final long MIN_QUEUE_STARTS = 50;
    /** Overtakes needed before a platform counts as backfilling. */
    static final long MIN_OVERTAKES = 3;
    /** Share of queue starts that must be overtakes for a platform to count as backfilling. */
    static final double MIN_OVERTAKE_SHARE = 0.005;

    private static final Logger LOG = LoggerFactory.getLogger(HeadOfLineForecaster.class);

    private final HeadOfLineSetting setting;
    private final Forecaster strict;
    private final Forecaster backfill;
    private final Map<String, HeadOfLineRule> ruleInUse = new ConcurrentHashMap<>();

    /** Creates the forecasters, each running replications on {@code threads} threads of its own. */
    public HeadOfLineForecaster(HeadOfLineSetting setting, int threads) {
        this.setting = setting;
        this.strict = new Forecaster(FifoQueueing::new, FirstFit::new, HeadOfLineRule.STRICT, threads);
        this.backfill = new Forecaster(FifoQueueing::new, FirstFit::new, HeadOfLineRule.BACKFILL, threads);
    }

    /** Forecasts with the rule of the setting, backfill under {@link HeadOfLineSetting#AUTO}. */
    @Override
    public ForecastResult forecast(PlatformSnapshot snapshot, ForecastConfig config) {
        return forecaster(setting == HeadOfLineSetting.STRICT ? HeadOfLineRule.STRICT : HeadOfLineRule.BACKFILL)
                .forecast(snapshot, config);
    }

    @Override
    public PlatformForecaster forPlatform(String platformId, PlatformSummary summary) {
        Forecaster chosen = forecaster(ruleFor(platformId, summary));
        return chosen::forecast;
    }

    /** Returns FIFO queueing and first-fit placement under the rule this platform's baseline assumes. */
    @Override
    public PlatformPolicies policiesFor(String platformId, PlatformSummary summary) {
        return new PlatformPolicies("fifo", "first-fit", ruleFor(platformId, summary), List.of());
    }

    private HeadOfLineRule ruleFor(String platformId, PlatformSummary summary) {
        HeadOfLineRule rule = setting.fixedRule();
        if (rule == null) {
            HeadOfLineRule observed = observedRule(summary);
            rule = observed == null ? HeadOfLineRule.BACKFILL : observed;
            HeadOfLineRule previous = ruleInUse.put(platformId, rule);
            if (observed != null && previous != rule) {
                LOG.info("Platform {}: forecasts now assume the {} head-of-line rule, because {} of {} queue starts"
                                + " overtook an earlier waiting task of their pool", platformId,
                        rule.name().toLowerCase(Locale.ROOT),
                        summary.count(MirrorCounter.QUEUE_OVERTAKES), summary.count(MirrorCounter.QUEUE_STARTS));
            }
        }
        return rule;
    }

    /** Returns the rule the counted queue starts show, or null while they show neither. */
    public static HeadOfLineRule observedRule(PlatformSummary summary) {
        long starts = summary.count(MirrorCounter.QUEUE_STARTS);
        long overtakes = summary.count(MirrorCounter.QUEUE_OVERTAKES);
        if (overtakes >= MIN_OVERTAKES && overtakes >= MIN_OVERTAKE_SHARE * starts) {
            return HeadOfLineRule.BACKFILL;
        }
        if (starts >= MIN_QUEUE_STARTS && overtakes == 0) {
            return HeadOfLineRule.STRICT;
        }
        return null;
    }

    private Forecaster forecaster(HeadOfLineRule rule) {
        return rule == HeadOfLineRule.STRICT ? strict : backfill;
    }
}
