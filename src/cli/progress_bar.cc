#include "progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace cardex::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)),
      enabled_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

ProgressBar::~ProgressBar() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
}

void ProgressBar::Update(int64_t done, int64_t total, int64_t items) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? items / seconds : 0;
  constexpr int kWidth = 30;
  if (total > 0) {
    double fraction = static_cast<double>(done) / static_cast<double>(total);
    if (fraction > 1) fraction = 1;
    int filled = static_cast<int>(fraction * kWidth);
    std::fprintf(stderr, "\r%s [%.*s%*s] %5.1f%%  %lld rows  %.0f rows/s\033[K", label_.c_str(),
                 filled, "##############################", kWidth - filled, "", fraction * 100,
                 static_cast<long long>(items), rate);
  } else {
    std::fprintf(stderr, "\r%s %lld rows  %.0f rows/s\033[K", label_.c_str(),
                 static_cast<long long>(items), rate);
  }
  std::fflush(stderr);
}

}  // namespace cardex::cli
