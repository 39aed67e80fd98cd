// A one-line progress bar on stderr, drawn only when stderr is a terminal
// and at most ten times a second.
#ifndef CARDEX_CLI_PROGRESS_BAR_H_
#define CARDEX_CLI_PROGRESS_BAR_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace cardex::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();  // clears the line
  // `total` 0 means unknown (no percentage).
  void Update(int64_t done, int64_t total, int64_t items);

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace cardex::cli

#endif  // CARDEX_CLI_PROGRESS_BAR_H_
