// Parse speed of the CSV reader on a generated registry extract
// (citizens.csv layout, ~100 MB), and of the writer producing it.
//
//   csv_read_bench [--rows=N] [benchmark flags]
//
// Bytes/s in the output is the parse rate; the file is in the page cache
// after the first iteration, so this measures the parser, not the disk.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "cardex/io/csv.h"

namespace {

std::string g_path;
int64_t g_size = 0;

std::vector<std::string> MakeRow(std::mt19937* rng, int64_t i) {
  static const char* const kFamily[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"};
  static const char* const kMiddle[] = {"Văn", "Thị", "Đức", "Minh", "Ngọc", "Hữu"};
  static const char* const kGiven[] = {"An", "Bình", "Cường", "Dũng", "Hùng", "Lan", "Mai", "Ánh"};
  static const char* const kOrigin[] = {"Xã Hàm Tiến, tỉnh Lâm Đồng", "Phường 3, Đà Lạt",
                                        "Thôn 2, xã \"Tân Hà\"", "Huyện Đức Trọng"};
  char id[32], date[32];
  std::snprintf(id, sizeof id, "068%09lld", static_cast<long long>(i % 1'000'000'000));
  std::snprintf(date, sizeof date, "%04u-%02u-%02u", static_cast<unsigned>(1930 + (*rng)() % 80),
                static_cast<unsigned>(1 + (*rng)() % 12), static_cast<unsigned>(1 + (*rng)() % 28));
  std::string name = std::string(kFamily[(*rng)() % 8]) + " " + kMiddle[(*rng)() % 6] + " " + kGiven[(*rng)() % 8];
  return {id, name, date, (*rng)() % 2 ? "M" : "F", kOrigin[(*rng)() % 4], (*rng)() % 50 ? "" : "2020-01-01"};
}

void GenerateFile(int64_t rows) {
  auto writer = cardex::CsvWriter::OpenFile(g_path);
  if (!writer.ok()) {
    std::fprintf(stderr, "%s\n", writer.status().message().c_str());
    std::exit(1);
  }
  std::mt19937 rng(1);
  (void)(*writer)->WriteRow({"citizen_id", "full_name", "birth_date", "gender", "origin", "deceased_on"});
  for (int64_t i = 0; i < rows; ++i) {
    const auto row = MakeRow(&rng, i);
    std::vector<std::string_view> fields(row.begin(), row.end());
    (void)(*writer)->WriteRow(fields);
  }
  if (!(*writer)->Close().ok()) std::exit(1);
  g_size = static_cast<int64_t>(std::filesystem::file_size(g_path));
}

void BM_CsvRead(benchmark::State& state) {
  int64_t records = 0;
  for (auto _ : state) {
    auto reader = cardex::CsvReader::OpenFile(g_path);
    std::vector<std::string_view> fields;
    size_t checksum = 0;
    for (;;) {
      cardex::Result<bool> more = (*reader)->Next(&fields);
      if (!more.ok()) {
        state.SkipWithError(more.status().message().c_str());
        return;
      }
      if (!*more) break;
      checksum += fields.size() + fields[1].size();
      ++records;
    }
    benchmark::DoNotOptimize(checksum);
  }
  state.SetBytesProcessed(state.iterations() * g_size);
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CsvRead)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CsvWrite(benchmark::State& state) {
  std::mt19937 rng(1);
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 100000; ++i) rows.push_back(MakeRow(&rng, i));
  int64_t bytes = 0;
  for (auto _ : state) {
    std::string out;
    auto writer = cardex::CsvWriter::ToString(&out);
    std::vector<std::string_view> fields;
    for (const auto& row : rows) {
      fields.assign(row.begin(), row.end());
      (void)writer->WriteRow(fields);
    }
    bytes += static_cast<int64_t>(out.size());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_CsvWrite)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = 1'000'000;  // about 100 MB
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--rows=", 7) == 0) {
      rows = std::atoll(argv[i] + 7);
    } else {
      args.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  g_path = (std::filesystem::temp_directory_path() / ("cardex-csv-bench-" + std::to_string(::getpid()) + ".csv")).string();
  GenerateFile(rows);
  std::fprintf(stderr, "generated %lld rows, %.1f MB in %s\n", static_cast<long long>(rows), g_size / 1e6,
               g_path.c_str());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove(g_path);
  return 0;
}
