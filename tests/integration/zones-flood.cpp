// zones-flood CONNECTIONS OUTSTANDING SECONDS METHOD ARG
//
// A test helper (not installed): floods org.zones.Manager with calls of
// METHOD(s ARG) for SECONDS, keeping OUTSTANDING calls pending on each of
// CONNECTIONS system-bus connections, and prints what came back:
//   "calls N ok A busy B denied C other D"
// tests/integration/delegation.sh runs it as an unprivileged user while
// root halts a zone.
#include <poll.h>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <systemd/sd-bus.h>

namespace {

struct BusUnref {
    void operator()(sd_bus* b) const noexcept { sd_bus_flush_close_unref(b); }
};

struct Counts {
    long calls = 0, ok = 0, busy = 0, denied = 0, other = 0;
    std::string first_other;
};

struct Conn {
    std::unique_ptr<sd_bus, BusUnref> bus;
    int pending = 0;
};

struct Ctx {
    Counts counts;
    const char* method;
    const char* arg;
    bool sending = true;
};

struct Call {
    Ctx* ctx;
    Conn* conn;
};

int send_one(Ctx& ctx, Conn& conn);

int on_reply(sd_bus_message* m, void* data, sd_bus_error*) {
    std::unique_ptr<Call> call(static_cast<Call*>(data));
    Counts& c = call->ctx->counts;
    --call->conn->pending;
    if (const sd_bus_error* e = sd_bus_message_get_error(m); e != nullptr) {
        const std::string name = e->name ? e->name : "";
        if (name == "org.zones.Error.Busy") ++c.busy;
        else if (name == "org.zones.Error.AccessDenied") ++c.denied;
        else {
            ++c.other;
            if (c.first_other.empty()) c.first_other = name + ": " + (e->message ? e->message : "");
        }
    } else {
        ++c.ok;
    }
    if (call->ctx->sending) send_one(*call->ctx, *call->conn);
    return 0;
}

int send_one(Ctx& ctx, Conn& conn) {
    auto call = std::make_unique<Call>(Call{&ctx, &conn});
    int r = sd_bus_call_method_async(conn.bus.get(), nullptr, "org.zones.Manager", "/org/zones",
                                     "org.zones.Manager", ctx.method, on_reply, call.get(), "s", ctx.arg);
    if (r < 0) return r;
    call.release();
    ++conn.pending;
    ++ctx.counts.calls;
    return 0;
}

double now() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: zones-flood CONNECTIONS OUTSTANDING SECONDS METHOD ARG\n");
        return 2;
    }
    const int connections = std::atoi(argv[1]), outstanding = std::atoi(argv[2]);
    const double seconds = std::atof(argv[3]);
    Ctx ctx;
    ctx.method = argv[4];
    ctx.arg = argv[5];
    std::vector<Conn> conns(static_cast<std::size_t>(connections));
    for (Conn& c : conns) {
        sd_bus* raw = nullptr;
        if (int r = sd_bus_open_system(&raw); r < 0) {
            std::fprintf(stderr, "zones-flood: system bus: %s\n", std::strerror(-r));
            return 1;
        }
        c.bus.reset(raw);
        for (int i = 0; i < outstanding; ++i)
            if (send_one(ctx, c) < 0) return 1;
    }
    const double end = now() + seconds;
    for (;;) {
        if (ctx.sending && now() >= end) ctx.sending = false;
        int left = 0;
        for (Conn& c : conns) left += c.pending;
        if (!ctx.sending && left == 0) break;
        std::vector<pollfd> fds;
        for (Conn& c : conns) {
            while (sd_bus_process(c.bus.get(), nullptr) > 0) {
            }
            fds.push_back({sd_bus_get_fd(c.bus.get()), static_cast<short>(sd_bus_get_events(c.bus.get())), 0});
        }
        ::poll(fds.data(), fds.size(), 100);
    }
    std::printf("calls %ld ok %ld busy %ld denied %ld other %ld\n", ctx.counts.calls, ctx.counts.ok,
                ctx.counts.busy, ctx.counts.denied, ctx.counts.other);
    if (!ctx.counts.first_other.empty()) std::printf("first other: %s\n", ctx.counts.first_other.c_str());
    return 0;
}
