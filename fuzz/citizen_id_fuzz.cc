// Feeds arbitrary bytes to the citizen id and date parsers. They must never
// crash, and whatever they accept must round-trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cardex/core/citizen_id.h"
#include "cardex/core/dates.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void FuzzCitizenId(std::string_view text) {
  using cardex::CitizenId;
  auto id = CitizenId::Parse(text);
  Check(cardex::IsWellFormedCitizenId(text) == id.ok());
  if (!id.ok()) {
    Check(!id.status().message().empty());
    return;
  }
  Check(id->digits() == text);
  auto again = CitizenId::Parse(id->digits());
  Check(again.ok() && *again == *id);
  Check(cardex::ProvinceName(id->province_code()).has_value());
  Check(id->gender() == 'M' || id->gender() == 'F');
  Check(id->birth_year() >= 1900 && id->birth_year() <= 2399);
  Check(id->AgreesWith(id->gender(), id->birth_year()));
  Check(!id->AgreesWith(id->gender(), id->birth_year() + 1));
  Check(CitizenId::Compose(id->province_code(), id->gender(), id->birth_year(), id->serial()) == *id);
  Check(id->ToInteger() < 1000000000000ULL);
}

void FuzzDates(std::string_view text) {
  if (auto d = cardex::Date::Parse(text); d.ok()) {
    Check(d->ToString() == text);
    Check(cardex::Date::FromDays(d->days()) == *d);
    Check(d->weekday() >= 0 && d->weekday() <= 6);
  }
  if (auto p = cardex::PartialDate::Parse(text); p.ok()) {
    Check(p->ToString() == text);
    Check(p->AgreesWith(p->Earliest()));
  }
  if (auto t = cardex::TimeOfDay::Parse(text); t.ok()) {
    Check(t->ToString() == text);
    Check(cardex::ShiftMinutes(*t, *t) == 1440);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  FuzzCitizenId(text);
  FuzzDates(text);
  return 0;
}
