// The ICU-only paths behind vn_name.h's fast paths, exposed so that tests and
// fuzzers can check that both give the same answers. Not for other layers.
#ifndef CARDEX_SRC_CORE_VN_NAME_INTERNAL_H_
#define CARDEX_SRC_CORE_VN_NAME_INTERNAL_H_

#include <string>
#include <string_view>

namespace cardex::vn_name::internal {

std::string FormKeySlow(std::string_view name);
std::string FoldKeySlow(std::string_view name);
bool HasDiacriticsSlow(std::string_view name);

}  // namespace cardex::vn_name::internal

#endif  // CARDEX_SRC_CORE_VN_NAME_INTERNAL_H_
