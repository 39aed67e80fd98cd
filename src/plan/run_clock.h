// Seconds between laps: the phases RunTimings reports.
#ifndef CARDEX_PLAN_RUN_CLOCK_H_
#define CARDEX_PLAN_RUN_CLOCK_H_

#include <chrono>

namespace cardex::plan {

class RunClock {
 public:
  // Seconds since the previous call (or the construction).
  double Lap() {
    auto now = std::chrono::steady_clock::now();
    double s = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_RUN_CLOCK_H_
