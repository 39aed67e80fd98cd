// Records sent on to the central commission (issue 23): how fast a
// province's submitted records are put into signed batches, sent to a
// receiving service on loopback and their answers imported, against the
// alternative a user would otherwise pick: exporting the same records as
// one CSV file with sqlite3 (no batches, no signature, no answers).
//
//   centre_bench [--members N] [--communes K] [--batch-size B] [--dir DIR]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cardex/cards/signing_key.h"
#include "cardex/centre/centre.h"
#include "cardex/ledger/exchange_many.h"
#include "cardex/store/store.h"
#include "tests/centre/fake_centre_service.h"

namespace {

using cardex::Status;

[[noreturn]] void Die(const Status& s) {
  std::fprintf(stderr, "error: %s\n", s.message().c_str());
  std::exit(1);
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  int64_t members = 100'000, communes = 100;
  size_t batch_size = 500;
  std::string dir = (std::filesystem::temp_directory_path() / "cardex-centre-bench").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--members") members = std::stoll(value);
    else if (flag == "--communes") communes = std::stoll(value);
    else if (flag == "--batch-size") batch_size = std::stoul(value);
    else if (flag == "--dir") dir = value;
    else Die(Status::InvalidArgument("unknown flag " + flag));
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = dir + "/cardex.db";
  auto opened = cardex::OpenStore(db);
  if (!opened.ok()) Die(opened.status());
  cardex::Store& store = **opened;
  if (Status s = store.Migrate(); !s.ok()) Die(s);

  // A province of `communes` communes, one cell each; every member
  // submitted (the exchange's steps, as the desks take them).
  std::vector<cardex::Unit> units = {{"P", "", "province", "Tỉnh P"}};
  for (int64_t c = 0; c < communes; ++c) {
    const std::string code = "P.C" + std::to_string(c);
    units.push_back({code, "P", "commune", "Xã " + std::to_string(c)});
    units.push_back({code + ".1", code, "cell", "Chi bộ 1"});
  }
  std::vector<cardex::Member> list;
  for (int64_t i = 0; i < members; ++i) {
    char no[24], id[24];
    std::snprintf(no, sizeof no, "%08lld", static_cast<long long>(i));
    std::snprintf(id, sizeof id, "0790800%05lld", static_cast<long long>(i % 100000));
    list.push_back({no, id, "Nguyễn Văn An", "1970-01-01", "M",
                    "P.C" + std::to_string(i % communes) + ".1", "official", "", false});
  }
  if (Status s = store.UpsertUnits(units); !s.ok()) Die(s);
  if (Status s = store.UpsertMembers(list); !s.ok()) Die(s);
  {
    cardex::Transaction txn(store);
    if (Status s = txn.Begin(); !s.ok()) Die(s);
    for (cardex::ExchangeStep step :
         {cardex::ExchangeStep::kInvite, cardex::ExchangeStep::kCheckIn,
          cardex::ExchangeStep::kCapture, cardex::ExchangeStep::kConfirm,
          cardex::ExchangeStep::kSubmit}) {
      std::vector<cardex::ledger::StepRequest> requests;
      for (const cardex::Member& m : list) {
        requests.push_back({m.member_no, step, "", "", "S", "officer1", "2025-08-05T01:00:00Z"});
      }
      if (Status s = cardex::ledger::ApplyStepToMany(store, requests); !s.ok()) Die(s);
    }
    if (Status s = txn.Commit(); !s.ok()) Die(s);
  }

  // The alternative: the same records out as one CSV with sqlite3.
  auto t0 = std::chrono::steady_clock::now();
  const std::string csv = dir + "/submitted.csv";
  const std::string command =
      "sqlite3 -csv -header " + db +
      " \"SELECT m.member_no, m.citizen_id, m.full_name, m.birth_date, m.gender, m.unit_code "
      "FROM exchange e JOIN members m ON m.member_no = e.member_no WHERE e.state = 'submitted' "
      "ORDER BY m.member_no\" > " + csv;
  const int sqlite_rc = std::system(command.c_str());
  const double sqlite_s = Since(t0);

  const cardex::cards::SigningKey key = cardex::cards::SigningKey::FromSeed({1});
  auto centre = cardex::testing::StartFakeCentreService(key.public_key());
  if (!centre.ok()) Die(centre.status());
  cardex::registry::EndpointOptions endpoint;
  endpoint.base_url = (*centre)->url();
  auto http = cardex::registry::MakeHttpEndpoint(endpoint);
  if (!http.ok()) Die(http.status());

  t0 = std::chrono::steady_clock::now();
  cardex::centre::PrepareOptions prepare;
  prepare.max_records = batch_size;
  auto made = cardex::centre::PrepareBatches(store, key, prepare);
  if (!made.ok()) Die(made.status());
  const double prepare_s = Since(t0);
  t0 = std::chrono::steady_clock::now();
  auto sent = cardex::centre::SendBatches(store, **http, "bench");
  if (!sent.ok()) Die(sent.status());
  const double send_s = Since(t0);

  std::printf("centre_bench: %lld submitted records, %lld communes, batches of %zu at most\n",
              static_cast<long long>(members), static_cast<long long>(communes), batch_size);
  std::printf("%-46s %9s %12s\n", "step", "seconds", "records/s");
  std::printf("%-46s %9.2f %12.0f%s\n", "sqlite3 -csv: one unsigned file (alternative)", sqlite_s,
              members / sqlite_s, sqlite_rc == 0 ? "" : "  (sqlite3 failed)");
  std::printf("%-46s %9.2f %12.0f  (%zu batches)\n", "prepare: numbered, signed batches + manifest",
              prepare_s, members / prepare_s, made->size());
  std::printf("%-46s %9.2f %12.0f  (%lld acknowledged)\n",
              "send + import the acknowledgements (loopback)", send_s, members / send_s,
              static_cast<long long>(sent->acknowledged));
  std::filesystem::remove_all(dir);
  return 0;
}
