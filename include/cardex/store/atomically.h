// Atomically: one call in a transaction of its own, for the command line
// and tests; HTTP handlers run inside the pipeline's transaction instead.
#ifndef CARDEX_STORE_ATOMICALLY_H_
#define CARDEX_STORE_ATOMICALLY_H_

#include "cardex/store/store.h"

namespace cardex {

// Runs `fn` (returning Status or Result<T>) in a transaction of its own:
// commits when it succeeds, rolls back otherwise (`fn` may have written
// part of its work).
template <typename Fn>
auto Atomically(Store& store, Fn&& fn) -> decltype(fn()) {
  Transaction tx(store);
  CARDEX_RETURN_IF_ERROR(tx.Begin());
  auto out = fn();
  if (!out.ok()) return out;
  CARDEX_RETURN_IF_ERROR(tx.Commit());
  return out;
}

}  // namespace cardex

#endif  // CARDEX_STORE_ATOMICALLY_H_
