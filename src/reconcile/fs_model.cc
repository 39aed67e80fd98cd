#include "reconcile/fs_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cardex::reconcile {
namespace {

// Starting points and smoothing targets, not the weights: a run's data moves
// them (see the header). m: what hand-typed member lists show for the person
// meant; u: what two unrelated people share.
constexpr double kDefaultM[kFieldCount][10] = {
    // same diacritics reordered variant typo two_edits word_missing similar different
    // (a name wholly different: about one pair in a thousand of the fitted
    // provinces' matches)
    {0.809, 0.03, 0.03, 0.02, 0.05, 0.03, 0.02, 0.01, 0.001},
    // same swapped one_digit year_off partly different
    {0.86, 0.02, 0.06, 0.02, 0.02, 0.02},
    // same different
    {0.98, 0.02},
    // one_edit province_only two_edits other_person different
    {0.45, 0.05, 0.02, 0.24, 0.24},
};
// A name one or two letters from another person's is about as common as the
// same name among the random pairs of generated provinces (Vietnamese names are
// few and short: Dũng, Đăng, Trang, Trinh), and one in thirty is "similar" (Jaro-Winkler
// 0.9: the family and middle names alike); a small run must take neither
// for evidence.
constexpr double kDefaultU[kFieldCount][10] = {
    {2e-4, 2e-6, 1e-6, 1e-6, 1.5e-3, 1.3e-3, 1e-5, 3e-2, 0.96699},
    {4e-5, 4e-5, 4e-4, 1e-4, 5e-3, 0.99542},
    {0.5, 0.5},
    // One edit of a 12-digit id has about 110 neighbours among the ~6e10
    // well-formed ids a registry draws from; the province part 63. Far
    // ids: as many as the members whose recorded id names another person
    // (learnt from the random pairs).
    {2e-9, 1e-9, 1e-7, 0.3, 0.7 - 1.03e-7},
};
// Pseudo-pairs by which an estimate leans towards its default.
constexpr double kPriorPairs = 20.0;
constexpr int kIterations = 25;

template <class Pred>
std::vector<const Levels*> Where(std::span<const Levels> pairs, Pred&& keep) {
  std::vector<const Levels*> out;
  for (const Levels& l : pairs) {
    if (keep(l)) out.push_back(&l);
  }
  return out;
}

}  // namespace

FsModel::FsModel() {
  for (int f = 0; f < kFieldCount; ++f) {
    for (int l = 0; l < kLevelCounts[f]; ++l) {
      m_[f][l] = kDefaultM[f][l];
      u_[f][l] = kDefaultU[f][l];
    }
  }
  UpdateWeights();
}

void FsModel::UpdateWeights() {
  for (int f = 0; f < kFieldCount; ++f) {
    for (int l = 0; l < kLevelCounts[f]; ++l) {
      const double w = std::log2(std::max(m_[f][l], 1e-12) / std::max(u_[f][l], 1e-12));
      w_[f][l] = std::clamp(w, -kMaxWeight, kMaxWeight);
    }
  }
  // A near agreement never says more than full agreement: levels that the
  // random pairs seldom show (reordered words, a variant spelling) would
  // otherwise get their u from the smoothing alone and outweigh an exact
  // name. Names and birth dates only (gender and id have no such order).
  for (Field f : {Field::kName, Field::kBirthDate}) {
    const int i = Index(f);
    for (int l = 1; l < kLevelCounts[i]; ++l) w_[i][l] = std::min(w_[i][l], w_[i][0]);
  }
  const double lambda = std::clamp(lambda_, 1e-6, 1 - 1e-6);
  prior_bits_ = std::log2(lambda / (1 - lambda));
}

double FsModel::Score(const Levels& levels) const {
  double s = prior_bits_;
  for (int f = 0; f < kFieldCount; ++f) s += w_[f][levels[f]];
  return s;
}

FsModel FsModel::Fit(std::span<const Levels> blocked, std::span<const Levels> random) {
  FsModel model;
  // u from the random pairs. The id's near levels stay analytic; its far
  // ones split the rest as the random pairs do (by how many members' ids
  // name another person).
  // The prior here weighs like a sample of a thousand pairs: rare levels
  // (reordered words) are seldom seen among random pairs.
  constexpr double kUPriorPairs = 1000.0;
  const double n = static_cast<double>(random.size());
  for (int f = 0; f < kFieldCount; ++f) {
    std::array<double, 10> count{};
    for (const Levels& l : random) count[l[f]] += 1;
    if (f == static_cast<int>(Field::kCitizenId)) {
      const double near = kDefaultU[f][kIdOneEdit] + kDefaultU[f][kIdProvinceOnly] +
                          kDefaultU[f][kIdTwoEdits];
      const double other =
          (count[kIdOtherPerson] + kUPriorPairs * kDefaultU[f][kIdOtherPerson]) /
          (n + kUPriorPairs);
      model.u_[f][kIdOtherPerson] = std::clamp(other, 1e-6, 1.0 - near - 1e-6);
      model.u_[f][kIdDifferent] = 1.0 - near - model.u_[f][kIdOtherPerson];
      continue;
    }
    for (int l = 0; l < kLevelCounts[f]; ++l) {
      model.u_[f][l] = (count[l] + kUPriorPairs * kDefaultU[f][l]) / (n + kUPriorPairs);
    }
  }
  model.UpdateWeights();

  // m of some fields, by EM on the pairs that `other` fields mark, with u
  // fixed: each pair is a match with posterior p; m is the p-weighted share
  // of each level.
  auto em = [&](const std::vector<const Levels*>& pairs, std::initializer_list<int> fields) {
    if (pairs.empty()) return;
    double lambda = 0.5;
    for (int it = 0; it < kIterations; ++it) {
      std::array<std::array<double, 10>, kFieldCount> mass{};
      double total = 0;
      for (const Levels* l : pairs) {
        double log_m = 0, log_u = 0;
        for (int f : fields) {
          log_m += std::log(std::max(model.m_[f][(*l)[f]], 1e-12));
          log_u += std::log(std::max(model.u_[f][(*l)[f]], 1e-12));
        }
        const double a = std::log(lambda) + log_m, b = std::log(1 - lambda) + log_u;
        const double p = 1.0 / (1.0 + std::exp(std::clamp(b - a, -50.0, 50.0)));
        for (int f : fields) mass[f][(*l)[f]] += p;
        total += p;
      }
      lambda = std::clamp(total / static_cast<double>(pairs.size()), 1e-4, 1 - 1e-4);
      for (int f : fields) {
        for (int l = 0; l < kLevelCounts[f]; ++l) {
          model.m_[f][l] = (mass[f][l] + kPriorPairs * kDefaultM[f][l]) / (total + kPriorPairs);
        }
      }
    }
  };
  const int name = static_cast<int>(Field::kName), date = static_cast<int>(Field::kBirthDate),
            gender = static_cast<int>(Field::kGender), id = static_cast<int>(Field::kCitizenId);
  em(Where(blocked, [&](const Levels& l) { return l[id] <= kIdProvinceOnly; }),
     {name, date, gender});
  em(Where(blocked,
           [&](const Levels& l) { return l[name] <= kNameDiacritics && l[date] == kDateSame; }),
     {id});
  model.UpdateWeights();

  // lambda on all the blocked pairs, m and u fixed.
  if (!blocked.empty()) {
    double lambda = 0.1;
    for (int it = 0; it < kIterations; ++it) {
      double total = 0;
      for (const Levels& l : blocked) {
        double bits = std::log2(lambda / (1 - lambda));
        for (int f = 0; f < kFieldCount; ++f) bits += model.w_[f][l[f]];
        total += 1.0 / (1.0 + std::exp2(-std::clamp(bits, -60.0, 60.0)));
      }
      lambda = std::clamp(total / static_cast<double>(blocked.size()), 1e-4, 0.5);
    }
    model.lambda_ = lambda;
  }
  model.UpdateWeights();
  return model;
}

std::string FsModel::Describe() const {
  std::string out;
  char line[160];
  for (int f = 0; f < kFieldCount; ++f) {
    for (int l = 0; l < kLevelCounts[f]; ++l) {
      std::snprintf(line, sizeof line, "%s %s m=%.4g u=%.4g w=%.2f\n",
                    std::string(FieldName(static_cast<Field>(f))).c_str(),
                    std::string(LevelName(static_cast<Field>(f), l)).c_str(), m_[f][l], u_[f][l],
                    w_[f][l]);
      out += line;
    }
  }
  std::snprintf(line, sizeof line, "lambda=%.4g prior=%.2f bits\n", lambda_, prior_bits_);
  out += line;
  return out;
}

}  // namespace cardex::reconcile
