#include "assignment.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>

namespace cardex::plan::internal {
namespace {

// Nodes of the exact search for an earlier packing, per station packed: on
// the national instance it settles most stations within them.
constexpr int64_t kExactNodes = 10000;
// For the final packing of a station the first search left unproven (26 of
// the 3,004 national stations): 1M nodes prove all but one of them within
// 0.99 of their finish, for about a second more of planning.
constexpr int64_t kDeepExactNodes = 1'000'000;
// What the search over shared cells may spend, in units of about one step
// of a subset sum (a re-packing costs about cells x positions of the largest
// day x days; a node of the branch and bound or a cell of a set tried,
// kNodeUnits): a fixed
// allowance, enough for two small stations to be searched to the end, plus
// a sixteenth of what packing every station once cost, so that large
// shared communes add about a tenth to the planning time.
constexpr int64_t kBaseUnits = 16'000'000;
constexpr int64_t kShareOfPacking = 16;  // 1 / 16
constexpr int64_t kNodeUnits = 16;
// Branch and bound over the split of two stations' cells: at most so many.
constexpr size_t kMaxSplitCells = 20;

// Cells of communes with one serving station go there; the others, largest
// first, to the serving station whose last slot would then end earliest,
// counters alone considered (LPT).
std::vector<int32_t> InitialAssignment(const PlanInput& in, const Stations& st, const std::vector<CellWork>& work,
                                       const std::vector<const std::vector<int32_t>*>& candidates) {
  const size_t n_cells = in.cells.size();
  std::vector<int32_t> station_of(n_cells, -1);
  std::vector<int64_t> load(in.stations.size(), 0), home_load(in.stations.size(), 0);
  std::vector<int32_t> shared;
  for (size_t c = 0; c < n_cells; ++c) {
    if (candidates[c] == nullptr) continue;
    if (candidates[c]->size() == 1) {
      const int32_t s = (*candidates[c])[0];
      station_of[c] = s;
      load[s] += work[c].station;
      home_load[s] += work[c].home;
    } else {
      shared.push_back(static_cast<int32_t>(c));
    }
  }
  std::stable_sort(shared.begin(), shared.end(), [&](int32_t a, int32_t b) {
    return std::tie(work[b].station, work[b].home) < std::tie(work[a].station, work[a].home);
  });
  // (over capacity?, minute the last slot ends or overflow minutes)
  auto projected = [](const Timeline& t, int64_t used, int64_t n, int parallel) {
    const int64_t last = used + n - 1;
    if (last < t.positions()) return std::pair<int, int64_t>(0, t.SlotEnd(last));
    return std::pair<int, int64_t>(1, (last - t.positions() + 1) * t.step() / std::max(parallel, 1));
  };
  for (int32_t c : shared) {
    int32_t best = -1;
    std::pair<int, int64_t> best_key;
    for (int32_t s : *candidates[c]) {
      const auto key = work[c].station > 0
                           ? projected(st.counter_track[s], load[s], work[c].station, in.stations[s].counters)
                           : projected(st.mobile_track[s], home_load[s], work[c].home,
                                       in.stations[s].home_visit_teams);
      if (best == -1 || key < best_key) {
        best = s;
        best_key = key;
      }
    }
    station_of[c] = best;
    load[best] += work[c].station;
    home_load[best] += work[c].home;
  }
  return station_of;
}

// About the subset-sum steps of packing `cells` cells at the station.
int64_t PackingUnits(const Timeline& t, size_t cells) {
  int64_t largest = 0;
  for (const Day& d : t.days()) largest = std::max(largest, d.size());
  return static_cast<int64_t>(cells + 1) * (largest + 1) * static_cast<int64_t>(t.days().size() + 1);
}

// One station's counter track packed with `cells` (ascending); `exact`: with
// the exact search after the heuristic.
StationPacking PackStation(const PlanInput& in, const Stations& st, const std::vector<CellWork>& work, int32_t s,
                           const std::vector<int32_t>& cells, bool exact) {
  StationPacking p;
  p.cells = cells;
  std::vector<int64_t> sizes;
  sizes.reserve(cells.size());
  for (int32_t c : cells) sizes.push_back(work[c].station);
  const Timeline& t = st.counter_track[s];
  ExactReport exact_report;
  p.placements = PackStationDays(t, sizes, in.split_cells_when_needed, exact ? kExactNodes : 0, &exact_report);
  if (exact && exact_report.proven_last_pos >= 0) {
    // Few stations stay unproven after the first search; a deeper one
    // either finds them an earlier finish or proves theirs (raising the
    // cell bound the report measures efficiency against).
    int64_t last = -1;
    for (const Placement& pl : p.placements) {
      if (!pl.segments.empty()) last = std::max(last, pl.segments.back().pos + pl.segments.back().count - 1);
    }
    if (last > exact_report.proven_last_pos) {
      ExactReport deep;
      std::vector<Placement> again = PackStationDays(t, sizes, in.split_cells_when_needed, kDeepExactNodes, &deep);
      p.placements = std::move(again);
      exact_report = deep;
    }
  }
  p.proven_last_pos = exact_report.proven_last_pos;
  for (size_t k = 0; k < cells.size(); ++k) {
    const auto& segs = p.placements[k].segments;
    p.left += sizes[k] - p.placements[k].placed();
    if (!segs.empty()) p.finish = std::max(p.finish, t.SlotEnd(segs.back().pos + segs.back().count - 1));
  }
  p.heuristic_finish = exact_report.heuristic_last_pos >= 0 ? t.SlotEnd(exact_report.heuristic_last_pos) : p.finish;
  return p;
}

// The local search over cells shared between stations (assignment.h).
class Rebalancer {
 public:
  Rebalancer(const PlanInput& in, const Stations& st, const std::vector<CellWork>& work,
             const std::vector<const std::vector<int32_t>*>& candidates, std::vector<StationPacking>* packs,
             int64_t budget)
      : in_(in), st_(st), work_(work), candidates_(candidates), packs_(*packs), memo_(packs->size()),
        home_load_(packs->size(), 0), total_budget_(budget) {
    for (size_t s = 0; s < packs_.size(); ++s) {
      for (int32_t c : packs_[s].cells) home_load_[s] += work_[c].home;
    }
  }

  void Run() {
    // Pairs of stations that share a commune with a cell to move.
    std::vector<std::pair<int32_t, int32_t>> pairs;
    for (size_t c = 0; c < candidates_.size(); ++c) {
      if (candidates_[c] == nullptr || candidates_[c]->size() < 2 || work_[c].station == 0) continue;
      const auto& list = *candidates_[c];
      for (size_t i = 0; i < list.size(); ++i) {
        for (size_t j = i + 1; j < list.size(); ++j) {
          pairs.emplace_back(std::min(list[i], list[j]), std::max(list[i], list[j]));
        }
      }
    }
    std::sort(pairs.begin(), pairs.end());
    pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
    // The pairs that end latest first; each gets an even share of what is
    // left of the budget.
    auto later = [&](const std::pair<int32_t, int32_t>& x) {
      return std::max(packs_[x.first].finish, packs_[x.second].finish);
    };
    std::stable_sort(pairs.begin(), pairs.end(), [&](const auto& x, const auto& y) { return later(x) > later(y); });
    for (size_t i = 0; i < pairs.size(); ++i) {
      const auto [a, b] = pairs[i];
      budget_ = total_budget_ / static_cast<int64_t>(pairs.size() - i);
      total_budget_ -= budget_;
      for (bool improved = true; improved && budget_ > 0;) {
        improved = ImprovePair(a, b);
        improved |= SearchPair(a, b);
      }
      total_budget_ += std::max<int64_t>(0, budget_);
    }
  }

 private:
  struct Key {
    int64_t left = 0, finish = -1;
  };

  // The station's key as the heuristic packs it: every set the search tries
  // is packed so, and compared alike.
  Key Current(int32_t s) const { return Key{packs_[s].left, packs_[s].heuristic_finish}; }

  bool Movable(int32_t cell, int32_t to) const {
    const auto* list = candidates_[cell];
    return work_[cell].station > 0 && std::find(list->begin(), list->end(), to) != list->end();
  }

  int64_t HomeOver(int32_t s, int64_t home) const {
    return std::max<int64_t>(0, home - st_.mobile_track[s].positions());
  }

  // The station's (members left, finish) with `cells`; memoised, since the
  // search comes back to the same sets.
  Key Evaluate(int32_t s, const std::vector<int32_t>& cells) {
    auto it = memo_[s].find(cells);
    if (it != memo_[s].end()) return it->second;
    budget_ -= PackingUnits(st_.counter_track[s], cells.size());
    const StationPacking p = PackStation(in_, st_, work_, s, cells, false);
    return memo_[s][cells] = Key{p.left, p.finish};
  }

  // (members left or home visits over capacity, later finish, sum of finishes)
  using PairKey = std::tuple<int64_t, int64_t, int64_t>;
  PairKey Combine(int32_t a, Key ka, int64_t home_a, int32_t b, Key kb, int64_t home_b) const {
    return {ka.left + kb.left + HomeOver(a, home_a) + HomeOver(b, home_b), std::max(ka.finish, kb.finish),
            ka.finish + kb.finish};
  }

  // Tries `cells_a` and `cells_b` in place of the two stations' cells; keeps
  // them when the pair does better.
  bool Try(int32_t a, std::vector<int32_t> cells_a, int32_t b, std::vector<int32_t> cells_b) {
    // Even when both sets are known, building and looking them up costs.
    if ((budget_ -= kNodeUnits * static_cast<int64_t>(cells_a.size() + cells_b.size())) <= 0) return false;
    std::sort(cells_a.begin(), cells_a.end());
    std::sort(cells_b.begin(), cells_b.end());
    int64_t home_a = 0, home_b = 0;
    for (int32_t c : cells_a) home_a += work_[c].home;
    for (int32_t c : cells_b) home_b += work_[c].home;
    const PairKey before = Combine(a, Current(a), home_load_[a], b, Current(b), home_load_[b]);
    const Key ka = Evaluate(a, cells_a), kb = Evaluate(b, cells_b);
    if (!(Combine(a, ka, home_a, b, kb, home_b) < before)) return false;
    packs_[a] = PackStation(in_, st_, work_, a, cells_a, false);
    packs_[b] = PackStation(in_, st_, work_, b, cells_b, false);
    home_load_[a] = home_a;
    home_load_[b] = home_b;
    return true;
  }

  // Local search stops where every small exchange makes things worse; where
  // the two stations share few cells, branch and bound over every split of
  // them (largest first, pruned by the counters-only bound on each station)
  // finds the best the packings allow.
  bool SearchPair(int32_t a, int32_t b) {
    Split split;
    split.a = a;
    split.b = b;
    for (int32_t s : {a, b}) {
      const int32_t other = s == a ? b : a;
      for (int32_t c : packs_[s].cells) {
        if (Movable(c, other)) {
          split.movable.push_back(c);
        } else {
          (s == a ? split.cells_a : split.cells_b).push_back(c);
        }
      }
    }
    if (split.movable.size() > kMaxSplitCells) return false;
    std::stable_sort(split.movable.begin(), split.movable.end(),
                     [&](int32_t x, int32_t y) { return work_[x].station > work_[y].station; });
    for (int32_t c : split.cells_a) split.work_a += work_[c].station, split.home_a += work_[c].home;
    for (int32_t c : split.cells_b) split.work_b += work_[c].station, split.home_b += work_[c].home;
    split.best = Combine(a, Current(a), home_load_[a], b, Current(b), home_load_[b]);
    Branch(&split, 0);
    if (split.best_a.empty() && split.best_b.empty()) return false;
    return Try(a, split.best_a, b, split.best_b);
  }

  struct Split {
    int32_t a = 0, b = 0;
    std::vector<int32_t> movable;           // largest first
    std::vector<int32_t> cells_a, cells_b;  // so far
    int64_t work_a = 0, work_b = 0, home_a = 0, home_b = 0;
    PairKey best;
    std::vector<int32_t> best_a, best_b;  // empty: nothing better found
  };

  // A bound on the station's key with `work` members at its counters.
  Key Bound(int32_t s, int64_t work) const {
    const Timeline& t = st_.counter_track[s];
    if (work == 0) return Key{0, -1};
    if (work > t.positions()) return Key{work - t.positions(), t.positions() > 0 ? t.SlotEnd(t.positions() - 1) : -1};
    return Key{0, t.SlotEnd(work - 1)};
  }

  void Branch(Split* sp, size_t k) {
    if ((budget_ -= kNodeUnits) < 0) return;
    if (!(Combine(sp->a, Bound(sp->a, sp->work_a), sp->home_a, sp->b, Bound(sp->b, sp->work_b), sp->home_b) <
          sp->best)) {
      return;
    }
    if (k == sp->movable.size()) {
      std::vector<int32_t> cells_a = sp->cells_a, cells_b = sp->cells_b;
      std::sort(cells_a.begin(), cells_a.end());
      std::sort(cells_b.begin(), cells_b.end());
      const PairKey key = Combine(sp->a, Evaluate(sp->a, cells_a), sp->home_a, sp->b, Evaluate(sp->b, cells_b),
                                  sp->home_b);
      if (key < sp->best) {
        sp->best = key;
        sp->best_a = std::move(cells_a);
        sp->best_b = std::move(cells_b);
      }
      return;
    }
    const int32_t c = sp->movable[k];
    // The station whose bound is earlier first: good splits come early and
    // prune the rest.
    const bool a_first = std::make_pair(Bound(sp->a, sp->work_a + work_[c].station).finish, sp->a) <=
                         std::make_pair(Bound(sp->b, sp->work_b + work_[c].station).finish, sp->b);
    for (int side = 0; side < 2; ++side) {
      const bool to_a = (side == 0) == a_first;
      auto& cells = to_a ? sp->cells_a : sp->cells_b;
      int64_t& w = to_a ? sp->work_a : sp->work_b;
      int64_t& h = to_a ? sp->home_a : sp->home_b;
      cells.push_back(c);
      w += work_[c].station;
      h += work_[c].home;
      Branch(sp, k + 1);
      cells.pop_back();
      w -= work_[c].station;
      h -= work_[c].home;
    }
  }

  // Exchanges that send `give` cells of a to b and `take` cells of b to a
  // (first improvement), smallest exchanges first, until none helps.
  bool ImprovePair(int32_t a, int32_t b) {
    static constexpr std::pair<int, int> kExchanges[] = {{1, 0}, {0, 1}, {1, 1}, {2, 0},
                                                         {0, 2}, {2, 1}, {1, 2}, {2, 2}};
    bool any = false;
    for (bool improved = true; improved && budget_ > 0;) {
      improved = false;
      std::vector<int32_t> from_a, from_b;  // movable cells
      for (int32_t c : packs_[a].cells) {
        if (Movable(c, b)) from_a.push_back(c);
      }
      for (int32_t c : packs_[b].cells) {
        if (Movable(c, a)) from_b.push_back(c);
      }
      for (const auto& [give, take] : kExchanges) {
        if (TryExchanges(a, b, from_a, from_b, give, take)) {
          improved = any = true;
          break;
        }
      }
    }
    return any;
  }

  bool TryExchanges(int32_t a, int32_t b, const std::vector<int32_t>& from_a, const std::vector<int32_t>& from_b,
                    int give, int take) {
    std::vector<std::vector<int32_t>> gives = Subsets(from_a, give), takes = Subsets(from_b, take);
    for (const auto& g : gives) {
      for (const auto& t : takes) {
        if (budget_ <= 0) return false;
        if (SameWork(g, t)) continue;
        std::vector<int32_t> cells_a, cells_b;
        for (int32_t c : packs_[a].cells) {
          if (std::find(g.begin(), g.end(), c) == g.end()) cells_a.push_back(c);
        }
        for (int32_t c : packs_[b].cells) {
          if (std::find(t.begin(), t.end(), c) == t.end()) cells_b.push_back(c);
        }
        cells_a.insert(cells_a.end(), t.begin(), t.end());
        cells_b.insert(cells_b.end(), g.begin(), g.end());
        if (Try(a, std::move(cells_a), b, std::move(cells_b))) return true;
      }
    }
    return false;
  }

  // Exchanging cells of equal work changes nothing the key sees.
  bool SameWork(const std::vector<int32_t>& x, const std::vector<int32_t>& y) const {
    if (x.size() != y.size()) return false;
    std::vector<std::pair<int64_t, int64_t>> wx, wy;
    for (int32_t c : x) wx.emplace_back(work_[c].station, work_[c].home);
    for (int32_t c : y) wy.emplace_back(work_[c].station, work_[c].home);
    std::sort(wx.begin(), wx.end());
    std::sort(wy.begin(), wy.end());
    return wx == wy;
  }

  // The subsets of `cells` of size k (k <= 2), in order.
  static std::vector<std::vector<int32_t>> Subsets(const std::vector<int32_t>& cells, int k) {
    std::vector<std::vector<int32_t>> out;
    if (k == 0) {
      out.emplace_back();
    } else if (k == 1) {
      for (int32_t c : cells) out.push_back({c});
    } else {
      for (size_t i = 0; i < cells.size(); ++i) {
        for (size_t j = i + 1; j < cells.size(); ++j) out.push_back({cells[i], cells[j]});
      }
    }
    return out;
  }

  const PlanInput& in_;
  const Stations& st_;
  const std::vector<CellWork>& work_;
  const std::vector<const std::vector<int32_t>*>& candidates_;
  std::vector<StationPacking>& packs_;
  std::vector<std::map<std::vector<int32_t>, Key>> memo_;
  std::vector<int64_t> home_load_;
  int64_t total_budget_;  // what the pairs not yet searched may spend
  int64_t budget_ = 0;     // what the pair being searched may still spend
};

}  // namespace

std::vector<StationPacking> AssignAndPack(const PlanInput& in, const Stations& st, const std::vector<CellWork>& work,
                                          std::vector<int32_t>* station_of) {
  std::unordered_map<std::string, std::vector<int32_t>> serving;
  for (size_t s = 0; s < in.stations.size(); ++s) {
    for (const std::string& commune : in.stations[s].serves) {
      auto& list = serving[commune];
      if (list.empty() || list.back() != static_cast<int32_t>(s)) list.push_back(static_cast<int32_t>(s));
    }
  }
  std::vector<const std::vector<int32_t>*> candidates(in.cells.size(), nullptr);
  bool any_shared = false;
  for (size_t c = 0; c < in.cells.size(); ++c) {
    auto it = serving.find(in.cells[c].commune_code);
    if (it == serving.end()) continue;
    candidates[c] = &it->second;
    any_shared |= it->second.size() > 1;
  }
  *station_of = InitialAssignment(in, st, work, candidates);

  std::vector<StationPacking> packs(in.stations.size());
  std::vector<std::vector<int32_t>> cells_of(in.stations.size());
  for (size_t c = 0; c < in.cells.size(); ++c) {
    if ((*station_of)[c] >= 0) cells_of[(*station_of)[c]].push_back(static_cast<int32_t>(c));
  }
  // The search compares assignments as the heuristic packs them (the exact
  // search would multiply its cost); the stations whose cells it changed are
  // packed again, exact search included.
  int64_t packing_units = 0;
  for (size_t s = 0; s < in.stations.size(); ++s) {
    packs[s] = PackStation(in, st, work, static_cast<int32_t>(s), cells_of[s], true);
    packing_units += PackingUnits(st.counter_track[s], cells_of[s].size());
  }
  if (!any_shared) return packs;
  Rebalancer(in, st, work, candidates, &packs, kBaseUnits + packing_units / kShareOfPacking).Run();
  for (size_t s = 0; s < packs.size(); ++s) {
    if (packs[s].cells != cells_of[s]) {
      packs[s] = PackStation(in, st, work, static_cast<int32_t>(s), packs[s].cells, true);
    }
    for (int32_t c : packs[s].cells) (*station_of)[c] = static_cast<int32_t>(s);
  }
  return packs;
}

}  // namespace cardex::plan::internal
