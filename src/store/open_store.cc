// OpenStore: picks the backend from the spec.
#include <string_view>

#include "cardex/store/store.h"
#include "pg_store.h"
#include "sqlite_store.h"

namespace cardex {

Result<std::unique_ptr<Store>> OpenStore(const std::string& spec, const StoreOptions& options) {
  std::string_view s(spec);
  if (s.starts_with("postgresql://") || s.starts_with("postgres://")) {
    return store_internal::PgStore::Open(spec, options);
  }
  if (spec.empty()) return Status::InvalidArgument("no database given (--db PATH or postgresql://...)");
  return store_internal::SqliteStore::Open(spec, options);
}

}  // namespace cardex
