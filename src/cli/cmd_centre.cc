// cardex centre send --url URL --signing-key FILE [--token-file FILE]
//                    [--cert FILE --key FILE] [--ca FILE] [--batch-size N]
// Records sent on to the central commission (docs/centre_batches.md): the
// submitted records not yet sent are put into signed batches per commune
// and day, every batch without an answer is sent, and the answers are
// imported (refusals back to the units' work lists). Sending again after a
// failure sends what remains; a batch sent twice is one batch.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "card.h"
#include "cardex/cards/signing_key.h"
#include "cardex/centre/centre.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct CentreArgs {
  std::string url, signing_key, token_file, cert, key, ca, actor;
  size_t batch_size = 500;
  double deadline_seconds = 60;
};

int RunCentreSend(const GlobalOptions& global, const CentreArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  // The batches are signed with a key kept outside the database.
  auto key = cards::LoadKeyFile(args.signing_key);
  if (!key.ok()) return Fail(key.status());
  registry::EndpointOptions endpoint;
  endpoint.base_url = args.url;
  endpoint.client_cert_file = args.cert;
  endpoint.client_key_file = args.key;
  endpoint.ca_file = args.ca;
  if (!args.token_file.empty()) {
    std::ifstream in(args.token_file);
    if (!in) return Fail("centre token file " + args.token_file + ": cannot be read");
    in >> endpoint.bearer_token;
  }
  auto centre = registry::MakeHttpEndpoint(endpoint);
  if (!centre.ok()) return Fail(centre.status());
  centre::PrepareOptions prepare;
  prepare.actor = ActorOrDefault(args.actor);
  prepare.max_records = args.batch_size;
  auto made = centre::PrepareBatches(**store, *key, prepare);
  if (!made.ok()) return Fail(made.status());
  int64_t records = 0;
  for (const auto& b : *made) records += b.records;
  std::printf("prepared %zu batches of %lld records, signed by key %s\n", made->size(),
              static_cast<long long>(records), key->key_id().c_str());
  auto sent = centre::SendBatches(
      **store, **centre, prepare.actor,
      std::chrono::milliseconds(static_cast<int64_t>(args.deadline_seconds * 1000)));
  if (!sent.ok()) return Fail(sent.status());
  std::printf("sent %lld batches: %lld records acknowledged, %lld refused (back to their units' "
              "work lists)\n",
              static_cast<long long>(sent->batches), static_cast<long long>(sent->acknowledged),
              static_cast<long long>(sent->refused));
  return 0;
}

}  // namespace

void RegisterCentre(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto* centre = app.add_subcommand("centre", "Records sent on to the central commission");
  centre->require_subcommand(1);
  auto args = std::make_shared<CentreArgs>();
  auto* send = centre->add_subcommand(
      "send", "Put the submitted records into signed batches and send every unanswered batch");
  send->add_option("--url", args->url, "the centre's receiving service (http[s]://host[:port][/prefix])")
      ->required();
  send->add_option("--signing-key", args->signing_key,
                   "the Ed25519 key file that signs the batches (cardex card keygen)")
      ->required()
      ->check(CLI::ExistingFile);
  send->add_option("--token-file", args->token_file, "a file holding the centre's bearer token")
      ->check(CLI::ExistingFile);
  send->add_option("--cert", args->cert, "client certificate (PEM) for mutual TLS");
  send->add_option("--key", args->key, "its private key (PEM)");
  send->add_option("--ca", args->ca, "the CA the centre's certificate must chain to");
  send->add_option("--batch-size", args->batch_size, "records per batch at most")
      ->check(CLI::Range(1, 10000));
  send->add_option("--deadline", args->deadline_seconds, "seconds one batch's call may take")
      ->check(CLI::Range(1.0, 3600.0));
  AddActorOption(send, &args->actor);
  send->callback([&global, action, args] {
    *action = [&global, args] { return RunCentreSend(global, *args); };
  });
}

}  // namespace cardex::cli
