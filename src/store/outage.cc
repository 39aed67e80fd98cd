#include "cardex/store/outage.h"

#include "pg_store.h"

namespace cardex {

StoreOutage LastOutage(const Store& store) {
  const auto* pg = dynamic_cast<const store_internal::PgStore*>(&store);
  return pg ? pg->LastOutage() : StoreOutage::kNone;
}

void Interrupt(Store& store) {
  if (auto* pg = dynamic_cast<store_internal::PgStore*>(&store)) pg->Interrupt();
}

}  // namespace cardex
