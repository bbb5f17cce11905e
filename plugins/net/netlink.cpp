#include "netlink.hpp"

#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

#include <fmt/format.h>
#include <libmnl/libmnl.h>

namespace zones::net {
namespace {

constexpr std::size_t kBuf = 32768;

int af(const Cidr& c) { return c.family == 4 ? AF_INET : AF_INET6; }

struct Attrs {
    const nlattr* tb[IFLA_MAX + 1 > IFA_MAX + 1 ? IFLA_MAX + 1 : IFA_MAX + 1] = {};
};

int collect(const nlattr* a, void* data) {
    auto* t = static_cast<Attrs*>(data);
    const int type = mnl_attr_get_type(a);
    if (type >= 0 && type < static_cast<int>(std::size(t->tb))) t->tb[type] = a;
    return MNL_CB_OK;
}

}  // namespace

Rtnl::Rtnl(Rtnl&& o) noexcept : sock_(o.sock_), portid_(o.portid_), seq_(o.seq_) { o.sock_ = nullptr; }
Rtnl& Rtnl::operator=(Rtnl&& o) noexcept {
    if (this != &o) {
        if (sock_) mnl_socket_close(sock_);
        sock_ = o.sock_;
        portid_ = o.portid_;
        seq_ = o.seq_;
        o.sock_ = nullptr;
    }
    return *this;
}
Rtnl::~Rtnl() {
    if (sock_) mnl_socket_close(sock_);
}

std::string Rtnl::open() {
    sock_ = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
    if (!sock_) return fmt::format("netlink: socket: {}", std::strerror(errno));
    if (mnl_socket_bind(sock_, 0, MNL_SOCKET_AUTOPID) < 0) {
        const int e = errno;
        mnl_socket_close(sock_);
        sock_ = nullptr;
        return fmt::format("netlink: bind: {}", std::strerror(e));
    }
    portid_ = mnl_socket_get_portid(sock_);
    seq_ = static_cast<unsigned>(std::time(nullptr));
    return {};
}

std::string Rtnl::request(void* p) {
    auto* nlh = static_cast<nlmsghdr*>(p);
    nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    nlh->nlmsg_seq = ++seq_;
    if (mnl_socket_sendto(sock_, nlh, nlh->nlmsg_len) < 0) return std::strerror(errno);
    char buf[kBuf];
    for (;;) {
        const ssize_t n = mnl_socket_recvfrom(sock_, buf, sizeof buf);
        if (n < 0) return std::strerror(errno);
        const int r = mnl_cb_run(buf, static_cast<std::size_t>(n), seq_, portid_, nullptr, nullptr);
        if (r < 0) return std::strerror(errno);
        if (r == MNL_CB_STOP) return {};
    }
}

void Rtnl::dump(void* p, const std::function<void(const void*)>& each) {
    auto* nlh = static_cast<nlmsghdr*>(p);
    nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++seq_;
    if (mnl_socket_sendto(sock_, nlh, nlh->nlmsg_len) < 0) return;
    char buf[kBuf];
    auto cb = [](const nlmsghdr* m, void* data) -> int {
        (*static_cast<const std::function<void(const void*)>*>(data))(m);
        return MNL_CB_OK;
    };
    for (;;) {
        const ssize_t n = mnl_socket_recvfrom(sock_, buf, sizeof buf);
        if (n <= 0) return;
        const int r = mnl_cb_run(buf, static_cast<std::size_t>(n), seq_, portid_, cb,
                                 const_cast<std::function<void(const void*)>*>(&each));
        if (r <= MNL_CB_STOP) return;
    }
}

std::vector<LinkInfo> Rtnl::links() {
    std::vector<LinkInfo> out;
    char buf[MNL_SOCKET_BUFFER_SIZE];
    nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_GETLINK;
    auto* ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
    ifi->ifi_family = AF_UNSPEC;
    dump(nlh, [&](const void* p) {
        const auto* m = static_cast<const nlmsghdr*>(p);
        if (m->nlmsg_type != RTM_NEWLINK) return;
        const auto* i = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(m));
        Attrs t;
        mnl_attr_parse(m, sizeof(*i), collect, &t);
        LinkInfo l;
        l.index = i->ifi_index;
        l.up = (i->ifi_flags & IFF_UP) != 0;
        if (t.tb[IFLA_IFNAME]) l.name = mnl_attr_get_str(t.tb[IFLA_IFNAME]);
        if (t.tb[IFLA_IFALIAS]) l.alias = mnl_attr_get_str(t.tb[IFLA_IFALIAS]);
        if (t.tb[IFLA_MASTER]) l.master = static_cast<int>(mnl_attr_get_u32(t.tb[IFLA_MASTER]));
        if (t.tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(t.tb[IFLA_ADDRESS]) == 6) {
            std::array<std::uint8_t, 6> mac;
            std::memcpy(mac.data(), mnl_attr_get_payload(t.tb[IFLA_ADDRESS]), 6);
            l.mac = mac_text(mac);
        }
        // The kernel's struct may be shorter or longer than our header's;
        // the counters we read are at its start in every version.
        if (t.tb[IFLA_STATS64] && mnl_attr_get_payload_len(t.tb[IFLA_STATS64]) >= 8 * sizeof(std::uint64_t)) {
            rtnl_link_stats64 st{};
            std::memcpy(&st, mnl_attr_get_payload(t.tb[IFLA_STATS64]),
                        std::min<std::size_t>(sizeof st, mnl_attr_get_payload_len(t.tb[IFLA_STATS64])));
            l.stats = {st.rx_bytes, st.tx_bytes, st.rx_packets, st.tx_packets,
                       st.rx_errors, st.tx_errors, st.rx_dropped, st.tx_dropped};
        }
        if (t.tb[IFLA_LINKINFO]) {
            Attrs info;
            mnl_attr_parse_nested(t.tb[IFLA_LINKINFO], collect, &info);
            if (info.tb[IFLA_INFO_KIND]) l.kind = mnl_attr_get_str(info.tb[IFLA_INFO_KIND]);
        }
        out.push_back(std::move(l));
    });
    return out;
}

int Rtnl::link_index(const std::string& name) {
    for (const auto& l : links())
        if (l.name == name) return l.index;
    return 0;
}

std::vector<AddrInfo> Rtnl::addrs() {
    std::vector<AddrInfo> out;
    char buf[MNL_SOCKET_BUFFER_SIZE];
    nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_GETADDR;
    auto* ifa = static_cast<ifaddrmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifaddrmsg)));
    ifa->ifa_family = AF_UNSPEC;
    dump(nlh, [&](const void* p) {
        const auto* m = static_cast<const nlmsghdr*>(p);
        if (m->nlmsg_type != RTM_NEWADDR) return;
        const auto* a = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(m));
        Attrs t;
        mnl_attr_parse(m, sizeof(*a), collect, &t);
        const nlattr* at = t.tb[IFA_LOCAL] ? t.tb[IFA_LOCAL] : t.tb[IFA_ADDRESS];
        if (!at) return;
        AddrInfo ai;
        ai.index = static_cast<int>(a->ifa_index);
        ai.cidr.family = a->ifa_family == AF_INET ? 4 : 6;
        const std::size_t len = mnl_attr_get_payload_len(at);
        if (len != ai.cidr.size()) return;
        std::memcpy(ai.cidr.addr.data(), mnl_attr_get_payload(at), len);
        ai.cidr.prefix = a->ifa_prefixlen;
        ai.cidr.has_prefix = true;
        out.push_back(ai);
    });
    return out;
}

std::string Rtnl::add_veth(const std::string& host, const std::string& peer, int peer_ns_fd,
                           const std::array<std::uint8_t, 6>& peer_mac) {
    char buf[MNL_SOCKET_BUFFER_SIZE];
    nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWLINK;
    nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
    auto* ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
    ifi->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, host.c_str());
    nlattr* info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
    nlattr* data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
    nlattr* pa = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
    auto* pifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
    pifi->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, peer.c_str());
    mnl_attr_put(nlh, IFLA_ADDRESS, 6, peer_mac.data());
    mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, static_cast<std::uint32_t>(peer_ns_fd));
    mnl_attr_nest_end(nlh, pa);
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, info);
    return request(nlh);
}

std::string Rtnl::add_macvlan(const std::string& name, int lower, int ns_fd, const std::array<std::uint8_t, 6>& mac) {
    char buf[MNL_SOCKET_BUFFER_SIZE];
    nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWLINK;
    nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
    auto* ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
    ifi->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name.c_str());
    mnl_attr_put_u32(nlh, IFLA_LINK, static_cast<std::uint32_t>(lower));
    mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac.data());
    mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, static_cast<std::uint32_t>(ns_fd));
    nlattr* info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "macvlan");
    nlattr* data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
    mnl_attr_put_u32(nlh, IFLA_MACVLAN_MODE, MACVLAN_MODE_BRIDGE);
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, info);
    return request(nlh);
}

std::string Rtnl::del_link(int index) {
    char buf[MNL_SOCKET_BUFFER_SIZE];
    nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_DELLINK;
    auto* ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = index;
    return request(nlh);
}

std::string Rtnl::set_link(int index, bool up, int master, const std::string& alias) {
    char buf[MNL_SOCKET_BUFFER_SIZE];
    nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWLINK;
    auto* ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = index;
    ifi->ifi_change = IFF_UP;
    ifi->ifi_flags = up ? IFF_UP : 0;
    if (master > 0) mnl_attr_put_u32(nlh, IFLA_MASTER, static_cast<std::uint32_t>(master));
    if (!alias.empty()) mnl_attr_put_strz(nlh, IFLA_IFALIAS, alias.c_str());
    return request(nlh);
}

std::string Rtnl::add_addr(int index, const Cidr& c, bool nodad, bool noprefixroute) {
    char buf[MNL_SOCKET_BUFFER_SIZE];
    nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWADDR;
    nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    auto* ifa = static_cast<ifaddrmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifaddrmsg)));
    ifa->ifa_family = static_cast<unsigned char>(af(c));
    ifa->ifa_prefixlen = static_cast<unsigned char>(c.prefix);
    ifa->ifa_index = static_cast<unsigned>(index);
    ifa->ifa_scope = RT_SCOPE_UNIVERSE;
    std::uint32_t flags = (nodad ? IFA_F_NODAD : 0) | (noprefixroute ? IFA_F_NOPREFIXROUTE : 0);
    ifa->ifa_flags = static_cast<unsigned char>(flags & 0xff);
    if (flags > 0xff) mnl_attr_put_u32(nlh, IFA_FLAGS, flags);
    mnl_attr_put(nlh, IFA_LOCAL, c.size(), c.addr.data());
    mnl_attr_put(nlh, IFA_ADDRESS, c.size(), c.addr.data());
    if (c.family == 4 && c.prefix < 31) {
        Cidr b = c;   // the broadcast address, as `ip addr add ... brd +` does
        const std::uint32_t mask = c.prefix == 0 ? 0 : ~0u << (32 - c.prefix);
        std::uint32_t v;
        std::memcpy(&v, c.addr.data(), 4);
        v = htonl(ntohl(v) | ~mask);
        std::memcpy(b.addr.data(), &v, 4);
        mnl_attr_put(nlh, IFA_BROADCAST, 4, b.addr.data());
    }
    return request(nlh);
}

std::string Rtnl::add_route(const Cidr& dst, const Cidr* gw, int oif) {
    char buf[MNL_SOCKET_BUFFER_SIZE];
    nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWROUTE;
    nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    auto* r = static_cast<rtmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(rtmsg)));
    r->rtm_family = static_cast<unsigned char>(af(dst));
    r->rtm_dst_len = static_cast<unsigned char>(dst.prefix);
    r->rtm_table = RT_TABLE_MAIN;
    r->rtm_protocol = RTPROT_STATIC;
    r->rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
    r->rtm_type = RTN_UNICAST;
    if (dst.prefix > 0) mnl_attr_put(nlh, RTA_DST, dst.size(), dst.addr.data());
    if (gw) mnl_attr_put(nlh, RTA_GATEWAY, gw->size(), gw->addr.data());
    mnl_attr_put_u32(nlh, RTA_OIF, static_cast<std::uint32_t>(oif));
    return request(nlh);
}

std::string Rtnl::pneigh(bool add, int index, const Cidr& addr) {
    char buf[MNL_SOCKET_BUFFER_SIZE];
    nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = add ? RTM_NEWNEIGH : RTM_DELNEIGH;
    if (add) nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
    auto* nd = static_cast<ndmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ndmsg)));
    nd->ndm_family = static_cast<unsigned char>(af(addr));
    nd->ndm_ifindex = index;
    nd->ndm_flags = NTF_PROXY;
    nd->ndm_state = NUD_PERMANENT;
    mnl_attr_put(nlh, NDA_DST, addr.size(), addr.addr.data());
    return request(nlh);
}

}  // namespace zones::net
