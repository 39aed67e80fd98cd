// A station's open time as waves of slots (see schedule.h for the model),
// and the positions (wave, counter) that cells take. Internal to cardex_plan.
#ifndef CARDEX_SRC_PLAN_TIMELINE_H_
#define CARDEX_SRC_PLAN_TIMELINE_H_

#include <cstdint>
#include <utility>
#include <vector>

namespace cardex::plan::internal {

// A shift of one station, in local minutes, clipped to the window.
struct OpenInterval {
  int64_t start = 0, end = 0;
  int date = 0;  // days since 1970 of the shift it comes from
};

struct Wave {
  int64_t start = 0;  // the slot is [start, start + step)
  int32_t free = 0;   // positions (counters) not held by fixed appointments
  int32_t day = 0;    // index into Timeline::days
};

struct Day {
  int date = 0;  // days since 1970
  int32_t first_wave = 0, end_wave = 0;
  int64_t first_pos = 0, end_pos = 0;  // its positions [first_pos, end_pos)
  int64_t size() const { return end_pos - first_pos; }
};

class Timeline {
 public:
  // `shifts` sorted by start; `fixed` are [start, end) intervals that hold
  // one of the `parallel` positions while they last.
  Timeline(const std::vector<OpenInterval>& shifts, int step, int parallel,
           std::vector<std::pair<int64_t, int64_t>> fixed);

  int step() const { return step_; }
  int64_t positions() const { return prefix_.back(); }
  const std::vector<Wave>& waves() const { return waves_; }
  const std::vector<Day>& days() const { return days_; }

  // The wave holding position p (0 <= p < positions()).
  int32_t WaveOf(int64_t p) const;
  // Positions before wave w.
  int64_t FirstPosOf(int32_t w) const { return prefix_[w]; }
  // The end of the slot at position p.
  int64_t SlotEnd(int64_t p) const { return waves_[WaveOf(p)].start + step_; }
  // Open minutes (union of the shifts) before local minute t.
  int64_t OpenMinutesBefore(int64_t t) const;
  int64_t OpenMinutes() const { return open_prefix_.back(); }

 private:
  int step_;
  std::vector<Wave> waves_;
  std::vector<int64_t> prefix_;  // prefix_[w]: positions before wave w
  std::vector<Day> days_;
  std::vector<std::pair<int64_t, int64_t>> open_;  // merged shifts
  std::vector<int64_t> open_prefix_;               // open minutes before open_[i]
};

}  // namespace cardex::plan::internal

#endif  // CARDEX_SRC_PLAN_TIMELINE_H_
