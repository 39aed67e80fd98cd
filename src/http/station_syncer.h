// Internal: a station's copy served by `cardex serve` syncs itself: every
// `period` it pushes its outbox and pulls its coming days (station/sync.h)
// on a connection of its own, over http/sync_client.h. A pass that finds the
// line down does nothing and the next tries again; the desks never wait for
// it (their steps are committed locally with their outbox rows). Started
// only when the database is a station's copy (a station_self row).
#ifndef CARDEX_SRC_HTTP_STATION_SYNCER_H_
#define CARDEX_SRC_HTTP_STATION_SYNCER_H_

#include <chrono>
#include <string>

#include "cardex/core/dates.h"
#include "cardex/http/sync_client.h"
#include "cardex/station/sync.h"
#include "cardex/store/store.h"
#include "periodic_task.h"

namespace cardex::http {

class StationSyncer {
 public:
  StationSyncer(std::string db_spec, std::chrono::milliseconds period)
      : db_spec_(std::move(db_spec)), task_(period, [this] { SyncOnce(); }) {}

 private:
  void SyncOnce() {
    auto store = OpenStore(db_spec_);
    if (!store.ok()) return;
    auto self = station::LoadSelf(**store);
    if (!self.ok()) return;
    auto client = SyncClient::Create(self->central_url, self->token, std::chrono::seconds(10));
    if (!client.ok()) return;
    std::string now = UtcNowText();
    if (!station::Push(**store, **client, now).ok()) return;  // the line is down: next pass
    // The copy keeps as many days as it was joined with. It moves to today
    // while today is inside the window or the day after it (the station
    // lives through its days); a window further away (a copy of other
    // days, a test's) is kept as it is: `cardex station sync --from` moves it.
    auto from = Date::Parse(self->window_from);
    auto to = Date::Parse(self->window_to);  // exclusive
    if (!from.ok() || !to.ok() || to->days() <= from->days()) return;
    const int days = to->days() - from->days();
    Date start = *from;
    const Date today = Date::Today();
    if (today.days() > from->days() && today.days() <= to->days()) start = today;
    (void)station::Pull(**store, **client, {start.ToString(), days}, now);
  }

  std::string db_spec_;
  PeriodicTask task_;  // last: starts after, and stops before, what it uses
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_STATION_SYNCER_H_
