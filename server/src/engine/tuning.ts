/**
 * Recognition tuning constants, in one place because README.md justifies each of them with
 * measurements (bench/server.ts and tests/helpers/scenes.ts produce those numbers).
 */

/** Targets are normalised so their long side is at most this (px). Printed posters seen at 15–60 % of a frame rarely exceed it. */
export const TARGET_MAX_SIDE_PX = 640
/** ORB features kept per target. More features = more index memory and slower voting for little recall. */
export const TARGET_NFEATURES = 500
/** Queries are decoded so their long side is at most this (px); docs/opencv-node-notes.md: 640 loses small targets. */
export const QUERY_MAX_SIDE_PX = 1280
/**
 * Tilted views of each target (tiltedViews.ts): squeezed to this along each of these directions
 * (cos 45°, three directions: ORB is rotation-invariant, so 0/60/120° stand for the other half
 * turn), with this many ORB features each. Realistic benchmark, tune split, 100 targets, the 56
 * missed views of recommended prints verified exhaustively against their own target: 2 reached
 * HIT_MIN_INLIERS with the upright features alone, 19 with these (0.6 squeeze: 18; 4 directions
 * of 200: 15, of 400: 22, for 1.2 × the features of this setting).
 */
export const TARGET_TILT_SQUEEZE = 0.7
export const TARGET_TILT_DIRECTIONS_DEG: readonly number[] = [0, 60, 120]
export const TARGET_TILT_NFEATURES = 300
/**
 * A target whose upright features are this alike (selfSimilarity.ts: median Hamming distance to
 * the nearest feature at another spot, below this) also gets REPETITIVE_NFEATURES upright and
 * REPETITIVE_TILT_NFEATURES per tilted view, used in exhaustive verification only; the index
 * still holds the usual set, so voting costs what it did. Most missed views of the realistic
 * benchmark are text, whose letter corners repeat: Lowe's ratio test drops most of their matches
 * (every letter has twins), and of the thousands of near-equal corners on a page a target keeps
 * 500, so a query and its target rarely keep the same ones. Tune split, 100 targets, native
 * (`BENCH_SPLIT=tune npm run bench:scale`): flat views 100 → 107 of 124 (text 37 → 44 of 60),
 * curved 20 → 20, 0 false hits in 140 negatives, voting unchanged; opencv.js 97 → 107. Search
 * p50 back to back: natively 35–38 → 39–40 ms, opencv.js 72 → 75 ms (p95 146 → 206 ms: the
 * fallback's exhaustive matches against a repetitive target hold ~2.8 × the features).
 * Every target (threshold 999): 107 too. 1,000 / 500: 103. 3,000 / 1,500: 107. More features in
 * the index as well: 108, but voting +50 % and p50 × 2. Text pages measured 42–54, photographs
 * mostly 60–80 (the threshold was read off that, on the tune split's prints). Changing
 * selfSimilarity's same-spot radius (10 px) or verificationFeatures' spot rounding changes the
 * stored features without changing FEATURE_RECIPE: bump the recipe by hand then.
 */
export const REPETITIVE_BELOW = 58
export const REPETITIVE_NFEATURES = 1500
export const REPETITIVE_TILT_NFEATURES = 800
/**
 * What the stored target features were extracted with. Changing a target-side constant above
 * changes it; a store whose features carry another recipe is flagged at open (`crs reindex`).
 */
export const FEATURE_RECIPE = `orb:${TARGET_MAX_SIDE_PX}px:${TARGET_NFEATURES}+tilt${TARGET_TILT_SQUEEZE}@${TARGET_TILT_DIRECTIONS_DEG.join('/')}:${TARGET_TILT_NFEATURES}+repetitive<${REPETITIVE_BELOW}:${REPETITIVE_NFEATURES}+${REPETITIVE_TILT_NFEATURES}`
/**
 * Queries smaller than this (long side, px) are enlarged to it before ORB; 0 = never. See README
 * "How the thresholds were chosen".
 */
export const QUERY_MIN_SIDE_PX = 0
/** ORB features per query. */
export const QUERY_NFEATURES = 1500
/**
 * A query with fewer ORB features than this at FAST's usual threshold (20 grey levels) is
 * extracted again at QUERY_RETRY_FAST_THRESHOLD, and the richer set is kept. Defocus, hand-shake
 * and a dim room flatten the corners FAST looks for: in the realistic benchmark's missed views,
 * frames a third covered by a print gave 20–200 features out of 1,500. Realistic benchmark, tune
 * split, 100 targets: flat views of recommended prints 97 → 100 of 124 (native and opencv.js), all
 * prints 113 → 123 of 204, 0 false hits in 140 negatives. Retrying below 1,000 at 6 found 101, but
 * its p50 was 50–64 ms natively instead of 43 (opencv.js 101–105 instead of 78): frames with a few
 * hundred features are common, and the faint corners a lower threshold adds are mostly clutter's
 * and noise's, each voted and verified. Keeping fewer of them (3 × the first count) lost the gain.
 */
export const QUERY_RETRY_BELOW = 500
export const QUERY_RETRY_FAST_THRESHOLD = 8

/**
 * In a library of more than VOTE_ALL_UP_TO_TARGETS targets, only the query's VOTE_MAX_FEATURES
 * strongest features vote in the index (rankCandidates.ts `votingDescriptors`); all of them are
 * verified. Voting costs in proportion to the query's features, and the dim-frame retry
 * (QUERY_RETRY_BELOW) gives most frames of the realistic benchmark 1,000–1,500. Tune split,
 * native, all / strongest 500 / 800 voting: 10,000 targets p50 138 / 80 / 121 ms for 96 / 96 / 96
 * flat views of 136; 1,000 targets 116 / 72 / 106 ms for 108 / 105 / 106; 100 targets 51 / 31 / 40
 * ms for 100 / 98 / 99 of 124 (opencv.js 79 / 68 ms for 102 / 99). Where voting is cheap enough
 * for the p50 goals, recall wins; at 10,000 targets the goal is ≤ 120 ms.
 */
export const VOTE_ALL_UP_TO_TARGETS = 1000
export const VOTE_MAX_FEATURES = 500

/** Lowe ratio for the exact (BFMatcher knn k=2) verification matches. */
export const VERIFY_RATIO = 0.8
/** RANSAC reprojection threshold in query pixels (at QUERY_MAX_SIDE_PX). */
export const RANSAC_REPROJ_PX = 5
/**
 * How many index candidates are verified with a homography per search. Verifying the index's own
 * correspondences costs 1–10 ms a candidate; 8 reaches a text poster that look-alike text posters
 * outvote (ranked 5th at 100 targets), where 4 missed it.
 */
export const VERIFY_TOP_K = 8

/** A hit needs at least this many homography inliers (see README for the distributions). */
export const HIT_MIN_INLIERS = 20
/** A hit from the index's correspondences with fewer inliers than this is confirmed exhaustively (rankCandidates.ts `confirmHit`). */
export const CONFIRM_BELOW_INLIERS = 50
/** …and that many times the runner-up's inliers, so two look-alike targets never give a coin-flip answer. */
export const HIT_MIN_RATIO_TO_RUNNER_UP = 1.5
/** `similar()` and the 419 duplicate check report targets with at least this many inliers. */
export const SIMILAR_MIN_INLIERS = 50
/**
 * When the quick pass (the index's own correspondences) finds no hit, candidates are re-matched
 * exhaustively (BFMatcher knn + ratio, ~100 ms each in WebAssembly with the tilted views, 2–3 ms
 * natively): first those that already verified to at least this many inliers, near misses, then
 * the FALLBACK_BEST_VOTED best-voted ones, up to FALLBACK_CANDIDATES in all. Of the views the
 * fallback found (realistic benchmark, tune split, native, 1,000 targets, 23), 22 were near misses
 * from 9 inliers up or the best-voted candidate; frames of clutter show candidates at 0–12.
 */
export const FALLBACK_MIN_INLIERS = 8
/**
 * …at most this many. Best-voted candidates join the near misses because a small or text
 * print's true target often collects too few index correspondences to be verified at all, while
 * exhaustive matching finds its inliers (before the tilted views, tune split, 100 targets, native:
 * near misses only, 76 of 124 flat views; then best-voted, 3 in all, 81; 5 in all, 82).
 */
export const FALLBACK_CANDIDATES = 3 // LARGE_LIBRARY_FALLBACK_CANDIDATES above VOTE_ALL_UP_TO_TARGETS
/**
 * How many best-voted candidates the fallback may add. With the tilted views a target holds ~2.8 ×
 * the features, so each exhaustive match costs that much more, and the fallback runs on every frame
 * without a hit (most frames show no print). Tune split, native, flat views of recommended prints,
 * with near misses from 8 inliers: 100 targets, 101 of 124 with 1 as with 3 (near misses from 12
 * and 3 best-voted: also 101); 1,000 targets, 107 of 136 with 1 (106 with 3); exhaustive matches
 * per frame the quick pass left without a hit 2.8 → 1.1; no wrong or false hit either way.
 */
export const FALLBACK_BEST_VOTED = 1 // LARGE_LIBRARY_FALLBACK_BEST_VOTED above VOTE_ALL_UP_TO_TARGETS
/**
 * In a library of more than VOTE_ALL_UP_TO_TARGETS targets, where only the query's strongest
 * VOTE_MAX_FEATURES vote and the keys are wider, the vote ranks a true target lower. At 10,000
 * targets (tune split, native, `bench/realistic/diagnose.ts 10000`), 19 missed views were lost in
 * the index or in verification although exhaustive matching verifies them to their own target
 * with 21–88 inliers; 13 of them had it among the 4 best-voted, mostly behind look-alike text
 * posters, but the fallback matched only the first. There it takes the two best-voted,
 * up to four candidates in all. Tune split, native, 10,000 targets: flat views of recommended
 * prints 99 → 103 of 136, curved 17 → 19 of 34, 0 false hits in 115 negatives (three best-voted
 * of five: 103, curved 20; the best-voted before the near misses: 102 and a wrong hit, because a
 * near miss that should have vetoed was never matched). At 1,000 targets the same rule found
 * nothing more (114 of 136), so smaller libraries keep the cheaper fallback.
 */
export const LARGE_LIBRARY_FALLBACK_BEST_VOTED = 2
export const LARGE_LIBRARY_FALLBACK_CANDIDATES = 4

/** The fallback's budget for a library of `targets`: best-voted candidates to add, and candidates in all. */
export function fallbackBudget(targets: number): { bestVoted: number; candidates: number } {
  return targets > VOTE_ALL_UP_TO_TARGETS
    ? { bestVoted: LARGE_LIBRARY_FALLBACK_BEST_VOTED, candidates: LARGE_LIBRARY_FALLBACK_CANDIDATES }
    : { bestVoted: FALLBACK_BEST_VOTED, candidates: FALLBACK_CANDIDATES }
}
