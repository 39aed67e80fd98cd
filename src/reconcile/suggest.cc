#include "reconcile/suggest.h"

#include <algorithm>
#include <cmath>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "cardex/core/block_keys.h"

namespace cardex::reconcile {
namespace {

constexpr double kNoRunnerUp = 99.0;
// Pairs for the fit: enough for thousands of pairs per level, whatever the
// size of the run.
constexpr size_t kMaxBlockedSample = 200000;
constexpr size_t kMaxRandomSubjects = 20000;
constexpr size_t kRandomPerSubject = 8;
constexpr size_t kMinTermSample = 2000;

// Runs fn(begin, end) over [0, n) on up to `threads` threads.
template <class Fn>
void Parallel(size_t n, int threads, Fn&& fn) {
  if (threads <= 1 || n < 2048) {
    fn(size_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  const size_t per = (n + static_cast<size_t>(threads) - 1) / static_cast<size_t>(threads);
  for (int t = 1; t < threads; ++t) {
    const size_t b = std::min(n, per * static_cast<size_t>(t)), e = std::min(n, b + per);
    pool.emplace_back([&fn, b, e] { fn(b, e); });
  }
  fn(size_t{0}, std::min(n, per));
  for (auto& t : pool) t.join();
}

}  // namespace

Choice Choose(std::span<const ScoredCandidate> c, const SuggestRule& rule) {
  Choice choice;
  if (c.empty()) return choice;
  size_t best = 0;
  for (size_t i = 1; i < c.size(); ++i) {
    if (c[i].score > c[best].score) best = i;
  }
  const ScoredCandidate& b = c[best];
  // 2^s_best / (1 + sum 2^s_k), in a stable form.
  const double top = std::max(0.0, b.score);
  double denominator = std::exp2(-top);
  double runner_up = -1e300;
  bool equally_plausible = false;
  for (size_t i = 0; i < c.size(); ++i) {
    denominator += std::exp2(std::max(-1000.0, c[i].score - top));
    if (i == best) continue;
    runner_up = std::max(runner_up, c[i].score);
    const Levels& l = c[i].levels;
    // At least as good on name, birth date and gender: as plausible, unless
    // the best has the nearer recorded id and the other is not its twin on
    // the three (a mistyped date with a mistyped id beats a stranger born
    // on the typed date; namesakes born the same day stay undecided
    // whatever the id says).
    const bool dominated = l[0] <= b.levels[0] && l[1] <= b.levels[1] && l[2] <= b.levels[2];
    const bool twin = l[0] == b.levels[0] && l[1] == b.levels[1] && l[2] == b.levels[2];
    if (dominated && (twin || l[3] <= b.levels[3])) equally_plausible = true;
  }
  choice.probability = std::exp2(b.score - top) / denominator;
  choice.margin = c.size() == 1 ? kNoRunnerUp : std::min(kNoRunnerUp, b.score - runner_up);
  // formats.md's confident match: name (up to diacritics), birth date and
  // gender agree, and no twin. The public contract suggests it, whatever
  // its probability: in a large registry namesakes born a digit apart are
  // common and each takes a share of the probability (docs/benchmarks.md
  // has what this costs and gains at 1M/20M).
  const bool confident =
      b.levels[0] <= kNameDiacritics && b.levels[1] == kDateSame && b.levels[2] == kGenderSame;
  if (equally_plausible || b.levels[0] == kNameDifferent || b.levels[1] == kDateDifferent ||
      (!confident &&
       (choice.probability < rule.min_probability || choice.margin < rule.min_margin_bits))) {
    return choice;
  }
  choice.index = static_cast<int>(best);
  return choice;
}

MatchReasons ReasonsFor(const FsModel& model, const ScoredCandidate& chosen,
                        const Choice& choice) {
  MatchReasons r;
  r.probability = choice.probability;
  r.score = chosen.score;
  r.margin = choice.margin;
  r.prior = model.PriorBits();
  for (int f = 0; f < kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    const bool adjusted = field == Field::kName && !std::isnan(chosen.name_weight);
    r.fields.push_back({std::string(FieldName(field)),
                        std::string(LevelName(field, chosen.levels[f])),
                        adjusted ? chosen.name_weight : model.Weight(field, chosen.levels[f])});
  }
  return r;
}

std::vector<Outcome> SuggestAll(std::span<const Subject> subjects,
                                std::span<const CandidateRow> rows, const SuggestRule& rule,
                                int threads, FsModel* model_out) {
  std::vector<Outcome> outcomes(subjects.size());
  // Where each subject's rows begin.
  std::vector<size_t> begin(subjects.size() + 1, rows.size());
  for (size_t r = rows.size(); r-- > 0;) begin[rows[r].subject] = r;
  for (size_t s = subjects.size(); s-- > 0;) begin[s] = std::min(begin[s], begin[s + 1]);

  // The comparison vectors, on both cores: folding the candidates' names is
  // most of the work.
  std::vector<Levels> levels(rows.size());
  std::vector<std::vector<std::string>> words(rows.size());
  Parallel(rows.size(), threads, [&](size_t b, size_t e) {
    for (size_t r = b; r < e; ++r) {
      const CandidateRow& row = rows[r];
      words[r] = FoldedWords(row.full_name);
      levels[r] = Compare(subjects[row.subject],
                          {row.full_name, row.birth_date, row.gender, row.citizen_id}, &words[r]);
    }
  });

  // Random pairs: a subject with the candidates of another (people chosen
  // for someone else are unrelated to it), over an even sample.
  std::vector<Levels> random;
  const size_t n = subjects.size();
  if (n >= 2) {
    const size_t step = std::max<size_t>(1, n / kMaxRandomSubjects);
    for (size_t s = 0; s < n; s += step) {
      const size_t other = (s + n / 2 + 1) % n;
      if (other == s) continue;
      for (size_t r = begin[other]; r < begin[other + 1] && r < begin[other] + kRandomPerSubject;
           ++r) {
        const CandidateRow& row = rows[r];
        random.push_back(Compare(subjects[s],
                                 {row.full_name, row.birth_date, row.gender, row.citizen_id},
                                 &words[r]));
      }
    }
  }
  std::vector<Levels> blocked;
  const size_t stride = std::max<size_t>(1, rows.size() / kMaxBlockedSample);
  for (size_t r = 0; r < rows.size(); r += stride) {
    if (!rows[r].own) blocked.push_back(levels[r]);
  }
  const FsModel model = FsModel::Fit(blocked, random);
  if (model_out != nullptr) *model_out = model;
  if (std::getenv("CARDEX_DEBUG_FS") != nullptr) std::fprintf(stderr, "%s", model.Describe().c_str());  // TEMP

  // Term frequencies: a common name agreeing says less than a rare one. The
  // candidates are a sample of the registry leaning towards the members'
  // own names, so the frequencies err on the common side (precision first).
  std::unordered_map<std::string, uint32_t> name_count;
  std::vector<std::string> joined(rows.size());
  size_t counted = 0;
  for (size_t r = 0; r < rows.size(); ++r) {
    for (const std::string& w : words[r]) {
      if (!joined[r].empty()) joined[r].push_back(' ');
      joined[r] += w;
    }
    if (!rows[r].own) {
      ++name_count[joined[r]];
      ++counted;
    }
  }
  std::vector<ScoredCandidate> scored;
  for (size_t s = 0; s < n; ++s) {
    scored.clear();
    for (size_t r = begin[s]; r < begin[s + 1]; ++r) {
      ScoredCandidate c{levels[r], model.Score(levels[r])};
      const int level = levels[r][0];
      // Only from a sample large enough to say how common a name is. A
      // near level (a typo, reordered words) of a common name is capped at
      // what that name's full agreement says.
      if (level < kNameDifferent && counted >= kMinTermSample) {
        const double tf = static_cast<double>(name_count[joined[r]]) / static_cast<double>(counted);
        const int base = level <= kNameDiacritics ? level : kNameSame;
        const double u = std::max(model.u(Field::kName, base), tf);
        const double w = std::clamp(std::log2(model.m(Field::kName, base) / u),
                                    -FsModel::kMaxWeight, FsModel::kMaxWeight);
        if (w < model.Weight(Field::kName, level)) {
          c.score += w - model.Weight(Field::kName, level);
          c.name_weight = w;
        }
      }
      scored.push_back(c);
    }
    const Choice choice = Choose(scored, rule);
    if (choice.index < 0 || rows[begin[s] + static_cast<size_t>(choice.index)].own) continue;
    outcomes[s].citizen_id = rows[begin[s] + static_cast<size_t>(choice.index)].citizen_id;
    outcomes[s].reasons =
        EncodeMatchReasons(ReasonsFor(model, scored[static_cast<size_t>(choice.index)], choice));
  }
  return outcomes;
}

}  // namespace cardex::reconcile
