#include "host.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <type_traits>

#include <boost/dll/shared_library.hpp>

#include <fmt/format.h>
#include <nftables/libnftables.h>

#include "sys/fd.hpp"
#include "sys/file_io.hpp"

namespace zones::net {

std::string sysctl_set(const std::string& key, const std::string& value) {
    const std::string path = "/proc/sys/net/" + key;
    return sys::write_file(path, value) ? std::string() : sys::errno_text(key, errno);
}

namespace {

// libnftables and what it pulls in (libnftnl, libxtables, libjansson, libgmp)
// cost every zoneadmd about 0.7 MB and 1.5 ms at start, yet only zones with
// a net resource ever use them: loaded on first use, kept until exit.
// The ABI of libnftables.h: the soname of every release since 0.9 (libnftables1).
constexpr const char* kLibNftables = "libnftables.so.1";

struct Nft {
    boost::dll::shared_library lib;
    decltype(&nft_ctx_new) ctx_new = nullptr;
    decltype(&nft_ctx_free) ctx_free = nullptr;
    decltype(&nft_ctx_buffer_output) buffer_output = nullptr;
    decltype(&nft_ctx_buffer_error) buffer_error = nullptr;
    decltype(&nft_run_cmd_from_buffer) run_cmd = nullptr;
    decltype(&nft_ctx_get_error_buffer) error_buffer = nullptr;
    std::string error;
};

const Nft& nft() {
    static const Nft n = [] {
        Nft n;
        namespace dll = boost::dll;
        // A bare soname: the dynamic linker's search, not the cwd.
        const auto mode = static_cast<dll::load_mode::type>(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) |
                          dll::load_mode::search_system_folders;
        dll::fs::error_code ec;
        ::dlerror();
        n.lib.load(kLibNftables, ec, mode);
        if (ec) {
            const char* e = ::dlerror();
            n.error = fmt::format("nftables: cannot load {}: {}", kLibNftables, e ? e : ec.message());
            return n;
        }
        try {
            n.ctx_new = &n.lib.get<std::remove_pointer_t<decltype(n.ctx_new)>>("nft_ctx_new");
            n.ctx_free = &n.lib.get<std::remove_pointer_t<decltype(n.ctx_free)>>("nft_ctx_free");
            n.buffer_output = &n.lib.get<std::remove_pointer_t<decltype(n.buffer_output)>>("nft_ctx_buffer_output");
            n.buffer_error = &n.lib.get<std::remove_pointer_t<decltype(n.buffer_error)>>("nft_ctx_buffer_error");
            n.run_cmd = &n.lib.get<std::remove_pointer_t<decltype(n.run_cmd)>>("nft_run_cmd_from_buffer");
            n.error_buffer =
                &n.lib.get<std::remove_pointer_t<decltype(n.error_buffer)>>("nft_ctx_get_error_buffer");
        } catch (const std::exception& e) {
            n.error = fmt::format("nftables: {}: {}", kLibNftables, e.what());
        }
        return n;
    }();
    return n;
}

}  // namespace

std::string nft_run(const std::string& script) {
    const Nft& n = nft();
    if (!n.error.empty()) return n.error;
    struct Free {
        decltype(&nft_ctx_free) f;
        void operator()(nft_ctx* c) const noexcept { f(c); }
    };
    std::unique_ptr<nft_ctx, Free> ctx(n.ctx_new(NFT_CTX_DEFAULT), Free{n.ctx_free});
    if (!ctx) return "nftables: out of memory";
    n.buffer_output(ctx.get());
    n.buffer_error(ctx.get());
    if (n.run_cmd(ctx.get(), script.c_str()) == 0) return {};
    std::string err = n.error_buffer(ctx.get());
    if (auto nl = err.find('\n'); nl != std::string::npos) err.resize(nl);
    return "nftables: " + (err.empty() ? std::string("failed") : err);
}

}  // namespace zones::net
