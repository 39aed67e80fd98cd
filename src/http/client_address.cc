#include "client_address.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <charconv>
#include <optional>
#include <variant>

namespace cardex::http {

namespace ip = boost::asio::ip;

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<ip::address> ParseAddress(std::string_view text) {
  text = Trim(text);
  if (text.empty() || text.size() > 64) return std::nullopt;
  boost::system::error_code ec;
  ip::address a = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  // An IPv4 client seen through an IPv6 socket: one address, one bucket.
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return ip::address(ip::make_address_v4(ip::v4_mapped, a.to_v6()));
  }
  return a;
}

}  // namespace

struct TrustedProxies::Impl {
  std::vector<std::variant<ip::network_v4, ip::network_v6>> networks;

  bool Contains(const ip::address& a) const {
    for (const auto& n : networks) {
      if (a.is_v4() && std::holds_alternative<ip::network_v4>(n)) {
        const auto& net = std::get<ip::network_v4>(n);
        if ((a.to_v4().to_uint() & net.netmask().to_uint()) == net.network().to_uint()) return true;
      } else if (a.is_v6() && std::holds_alternative<ip::network_v6>(n)) {
        const auto& net = std::get<ip::network_v6>(n);
        if (ip::make_network_v6(a.to_v6(), net.prefix_length()).network() == net.network()) return true;
      }
    }
    return false;
  }
};

TrustedProxies::TrustedProxies() : impl_(std::make_unique<Impl>()) {}
TrustedProxies::~TrustedProxies() = default;
TrustedProxies::TrustedProxies(TrustedProxies&&) noexcept = default;
TrustedProxies& TrustedProxies::operator=(TrustedProxies&&) noexcept = default;

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const std::string& entry : entries) {
    auto bad = [&] {
      return Status::InvalidArgument("trusted proxy '" + entry +
                                     "': expected an IP address or ADDRESS/PREFIX");
    };
    const size_t slash = entry.find('/');
    auto address = ParseAddress(std::string_view(entry).substr(0, slash));
    if (!address) return bad();
    int prefix = address->is_v4() ? 32 : 128;
    if (slash != std::string::npos) {
      std::string_view p = std::string_view(entry).substr(slash + 1);
      auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
      if (ec != std::errc() || end != p.data() + p.size() || prefix < 0 ||
          prefix > (address->is_v4() ? 32 : 128)) {
        return bad();
      }
    }
    if (address->is_v4()) {
      out.impl_->networks.emplace_back(
          ip::make_network_v4(address->to_v4(), static_cast<unsigned short>(prefix)).canonical());
    } else {
      out.impl_->networks.emplace_back(
          ip::make_network_v6(address->to_v6(), static_cast<unsigned short>(prefix)).canonical());
    }
  }
  return out;
}

bool TrustedProxies::empty() const { return impl_->networks.empty(); }

bool TrustedProxies::Contains(std::string_view address) const {
  auto a = ParseAddress(address);
  return a && impl_->Contains(*a);
}

TrustedProxies::Client TrustedProxies::Resolve(std::string_view peer,
                                               std::string_view forwarded_for,
                                               std::string_view forwarded_proto) const {
  auto peer_address = ParseAddress(peer);
  Client out{peer_address ? peer_address->to_string() : std::string(peer), false};
  if (!peer_address || !impl_->Contains(*peer_address)) return out;
  // The proxy nearest to us set the protocol; the last value is its.
  std::string_view proto = forwarded_proto.substr(forwarded_proto.rfind(',') + 1);
  out.https = Trim(proto) == "https";
  // From the right: each hop appended the address it saw. The first that
  // is not one of ours is the client; entries left of it are the client's
  // own claims and are not believed. A malformed entry stops the walk at
  // the proxy that passed it on.
  while (!forwarded_for.empty()) {
    const size_t comma = forwarded_for.rfind(',');
    std::string_view hop = comma == std::string_view::npos ? forwarded_for
                                                           : forwarded_for.substr(comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view()
                                                    : forwarded_for.substr(0, comma);
    auto a = ParseAddress(hop);
    if (!a) break;
    out.address = a->to_string();
    if (!impl_->Contains(*a)) break;
  }
  return out;
}

}  // namespace cardex::http
