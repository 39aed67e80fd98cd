// The Fellegi-Sunter model of one reconciliation run: for each field and
// level, m (how often a member and the person it means show that level) and
// u (how often a member and an unrelated citizen do), estimated on the run's
// own data as Splink does, and the match weight log2(m/u).
//
//   u: from random pairs (each member that wants a suggestion paired with the
//      candidates another such member found: unrelated people), counted and
//      smoothed towards the defaults; except the citizen id's levels, whose
//      chance for an unrelated person (about one in a billion for one edit)
//      no sample can see: they come from the size of the id space.
//   m: by expectation-maximisation on the blocked pairs, a field at a time on
//      the pairs that other fields already mark as probable matches, so that
//      the blocking (which makes every candidate share the birth date, say)
//      does not teach the model that a shared birth date means a match.
//      Name, birth date and gender are learnt on the pairs whose recorded id
//      is one edit from the candidate's; the id's levels on the pairs whose
//      name and birth date agree. Each estimate is smoothed towards the
//      defaults by a few pseudo-pairs, so a run with few members stays near
//      them; a province's run has thousands of pairs and learns its own.
//   lambda: the share of matches among the blocked pairs, by EM with m and u
//      fixed.
//
// Thread safety: Fit is a pure function; a fitted model is read-only.
#ifndef CARDEX_SRC_RECONCILE_FS_MODEL_H_
#define CARDEX_SRC_RECONCILE_FS_MODEL_H_

#include <array>
#include <span>
#include <string>
#include <vector>

#include "reconcile/compare.h"

namespace cardex::reconcile {

class FsModel {
 public:
  // The defaults alone (no data).
  FsModel();

  // `blocked`: comparison vectors of members with the candidates blocking
  // found for them (a sample is enough); `random`: of members with
  // unrelated citizens.
  static FsModel Fit(std::span<const Levels> blocked, std::span<const Levels> random);

  double m(Field f, int level) const { return m_[Index(f)][level]; }
  double u(Field f, int level) const { return u_[Index(f)][level]; }
  // log2(m/u), bounded to +-kMaxWeight so that no single field decides
  // alone; a name's or birth date's near level never above its "same".
  double Weight(Field f, int level) const { return w_[Index(f)][level]; }
  // log2(lambda / (1 - lambda)).
  double PriorBits() const { return prior_bits_; }
  // PriorBits() plus the weights of the levels.
  double Score(const Levels& levels) const;

  // One line per field and level: "name same m=0.8123 u=0.000412 w=10.94".
  std::string Describe() const;

  static constexpr double kMaxWeight = 20.0;

 private:
  using Table = std::array<std::array<double, 10>, kFieldCount>;
  static int Index(Field f) { return static_cast<int>(f); }
  void UpdateWeights();

  Table m_{}, u_{}, w_{};
  double lambda_ = 0.05;
  double prior_bits_ = 0;
};

}  // namespace cardex::reconcile

#endif  // CARDEX_SRC_RECONCILE_FS_MODEL_H_
