// Generation speed of cardex::gen::Generate per stage, and the peak resident
// memory of the whole run (getrusage), printed as a table:
//
//   gen_speed [--preset generic|lam-dong] [--members N] [--citizens M]
//             [--seed S] --out DIR
//
// There is no other tool a user would pick for this data; the figure that
// matters is rows per second and that memory stays flat as citizens grow.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cardex/gen/generator.h"

namespace {

struct Stage {
  std::string name;
  int64_t rows = 0;
  double seconds = 0;
};

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  cardex::gen::GenOptions options;
  options.members = 1000000;
  options.citizens = 10000000;
  std::string out;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--members")
      options.members = std::atoll(value);
    else if (flag == "--citizens")
      options.citizens = std::atoll(value);
    else if (flag == "--seed")
      options.seed = std::strtoull(value, nullptr, 10);
    else if (flag == "--out")
      out = value;
    else if (flag == "--preset") {
      auto preset = cardex::gen::ParsePreset(value);
      if (!preset.ok()) {
        std::fprintf(stderr, "%s\n", preset.status().message().c_str());
        return 2;
      }
      options.preset = *preset;
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (out.empty()) {
    std::fprintf(stderr, "usage: gen_speed [--preset P] [--members N] [--citizens M] --out DIR\n");
    return 2;
  }

  std::vector<Stage> stages;
  double stage_start = Now();
  const double start = stage_start;
  // Generate() reports done == 0 when a stage starts.
  auto progress = [&](std::string_view stage, int64_t done, int64_t) {
    if (done == 0 || stages.empty()) {
      stages.push_back({std::string(stage), 0, 0});
      stage_start = Now();
    }
    stages.back().rows = done;
    stages.back().seconds = Now() - stage_start;
  };
  cardex::gen::GenSummary summary;
  const cardex::Status status = cardex::gen::Generate(options, out, progress, &summary);
  const double total = Now() - start;
  if (!status.ok()) {
    std::fprintf(stderr, "gen_speed: %s\n", status.message().c_str());
    return 1;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);

  std::printf("%-22s %14s %10s %14s\n", "stage", "rows", "seconds", "rows/s");
  const char* names[] = {"duplicates (ids only)", "members.csv", "citizens.csv", "truth.csv"};
  for (size_t i = 0; i < stages.size(); ++i) {
    std::printf(
        "%-22s %14lld %10.2f %14.0f\n", i < 4 ? names[i] : stages[i].name.c_str(),
        static_cast<long long>(stages[i].rows), stages[i].seconds,
        stages[i].seconds > 0 ? static_cast<double>(stages[i].rows) / stages[i].seconds : 0);
  }
  std::printf("%-22s %14s %10.2f\n", "total", "", total);
  std::printf("peak RSS %.1f MiB; %lld suggestions; verdicts:", usage.ru_maxrss / 1024.0,
              static_cast<long long>(summary.suggestions));
  for (int v = 0; v < cardex::gen::kVerdictCount; ++v) {
    std::printf(" %s=%lld",
                std::string(cardex::gen::VerdictName(static_cast<cardex::gen::Verdict>(v))).c_str(),
                static_cast<long long>(summary.verdicts[v]));
  }
  std::printf("\n");
  return 0;
}
