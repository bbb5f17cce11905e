// zones-exporter: the zones of this host for Prometheus. Serves GET
// /metrics in the text exposition format over HTTP (libmicrohttpd), on the
// socket systemd passes (zones-exporter.socket, 127.0.0.1:19663 by
// default) or, run by hand, on --listen ADDRESS:PORT. Every figure is
// read from zonesd over D-Bus when a scrape comes in, never in between:
// an exporter nobody scrapes sleeps in poll.
//
//   zones-exporter [--listen ADDRESS:PORT] [--help]
#include <arpa/inet.h>
#include <netdb.h>
#include <signal.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include <microhttpd.h>
#include <systemd/sd-daemon.h>

#include "collect.hpp"
#include "exposition.hpp"

namespace {

using zones::exporter::Collector;

constexpr const char* kUsage = "usage: zones-exporter [--listen ADDRESS:PORT] [--help]\n";
constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";
constexpr const char* kIndex =
    "zones-exporter: the zones of this host for Prometheus.\nMetrics: /metrics\n";

struct DaemonStop {
    void operator()(MHD_Daemon* d) const noexcept { MHD_stop_daemon(d); }
};
struct ResponseUnref {
    void operator()(MHD_Response* r) const noexcept { MHD_destroy_response(r); }
};

MHD_Result reply(MHD_Connection* c, unsigned status, const std::string& body, const char* type, bool head) {
    std::unique_ptr<MHD_Response, ResponseUnref> r(
        MHD_create_response_from_buffer(head ? 0 : body.size(), const_cast<char*>(body.data()),
                                        MHD_RESPMEM_MUST_COPY));
    if (!r) return MHD_NO;
    MHD_add_response_header(r.get(), MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED) MHD_add_response_header(r.get(), MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    return MHD_queue_response(c, status, r.get());
}

// Runs on libmicrohttpd's one polling thread, so the collector (and its
// bus connection) is only ever used from that thread.
MHD_Result handle(void* cls, MHD_Connection* c, const char* url, const char* method, const char*, const char*,
                  size_t*, void**) {
    auto* collector = static_cast<Collector*>(cls);
    const std::string_view m(method), u(url);
    const bool head = m == MHD_HTTP_METHOD_HEAD;
    if (m != MHD_HTTP_METHOD_GET && !head)
        return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n", "text/plain; charset=utf-8", false);
    if (u == "/metrics")
        return reply(c, MHD_HTTP_OK, zones::exporter::render(collector->collect()), kContentType, head);
    if (u == "/")
        return reply(c, MHD_HTTP_OK, kIndex, "text/plain; charset=utf-8", head);
    return reply(c, MHD_HTTP_NOT_FOUND, "not found; metrics are at /metrics\n", "text/plain; charset=utf-8", head);
}

// "127.0.0.1:19663", "[::1]:19663".
bool parse_listen(const std::string& text, sockaddr_storage& sa) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    std::string host = text.substr(0, colon);
    const std::string port = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || !res) return false;
    std::memcpy(&sa, res->ai_addr, res->ai_addrlen);
    ::freeaddrinfo(res);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::string listen;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a(argv[i]);
        if (a == "--listen" && i + 1 < argc) listen = argv[++i];
        else if (a == "-h" || a == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        } else {
            std::fputs(kUsage, stderr);
            return 2;
        }
    }
    // Threads libmicrohttpd starts inherit the mask: only sigwait below
    // takes SIGTERM and SIGINT.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    Collector collector;
    const unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
    std::unique_ptr<MHD_Daemon, DaemonStop> daemon;
    const int n = sd_listen_fds(1);
    if (n > 1 || (n == 1 && !listen.empty())) {
        std::fprintf(stderr, "zones-exporter: expected one socket from systemd and no --listen, got %d\n", n);
        return 1;
    }
    if (n == 1) {
        daemon.reset(MHD_start_daemon(flags, 0, nullptr, nullptr, handle, &collector, MHD_OPTION_LISTEN_SOCKET,
                                      SD_LISTEN_FDS_START, MHD_OPTION_CONNECTION_TIMEOUT, 30U,
                                      MHD_OPTION_CONNECTION_LIMIT, 64U, MHD_OPTION_END));
    } else {
        if (listen.empty()) listen = "127.0.0.1:19663";
        sockaddr_storage sa{};
        if (!parse_listen(listen, sa)) {
            std::fprintf(stderr, "zones-exporter: --listen %s: not ADDRESS:PORT (e.g. 127.0.0.1:19663)\n",
                         listen.c_str());
            return 2;
        }
        const unsigned v6 = sa.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0;
        daemon.reset(MHD_start_daemon(flags | v6, ntohs(reinterpret_cast<sockaddr_in*>(&sa)->sin_port), nullptr,
                                      nullptr, handle, &collector, MHD_OPTION_SOCK_ADDR, &sa,
                                      MHD_OPTION_CONNECTION_TIMEOUT, 30U, MHD_OPTION_CONNECTION_LIMIT, 64U,
                                      MHD_OPTION_END));
    }
    if (!daemon) {
        std::fprintf(stderr, "zones-exporter: cannot serve HTTP on %s: %s\n",
                     n == 1 ? "the socket from systemd" : listen.c_str(), std::strerror(errno));
        return 1;
    }
    sd_notify(0, "READY=1");
    int sig = 0;
    sigwait(&stop, &sig);
    sd_notify(0, "STOPPING=1");
    return 0;
}
