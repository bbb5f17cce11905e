#include "host.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <nftables/libnftables.h>

#include "zones/file_util.hpp"

namespace zones::net {

std::string sysctl_set(const std::string& key, const std::string& value) {
    const std::string path = "/proc/sys/net/" + key;
    fsutil::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd) return fmt::format("{}: {}", key, std::strerror(errno));
    const ssize_t n = ::write(fd.get(), value.data(), value.size());
    const int e = errno;
    if (n != static_cast<ssize_t>(value.size())) return fmt::format("{}: {}", key, std::strerror(e));
    return {};
}

std::string nft_run(const std::string& script) {
    struct Free {
        void operator()(nft_ctx* c) const noexcept { nft_ctx_free(c); }
    };
    std::unique_ptr<nft_ctx, Free> ctx(nft_ctx_new(NFT_CTX_DEFAULT));
    if (!ctx) return "nftables: out of memory";
    nft_ctx_buffer_output(ctx.get());
    nft_ctx_buffer_error(ctx.get());
    if (nft_run_cmd_from_buffer(ctx.get(), script.c_str()) == 0) return {};
    std::string err = nft_ctx_get_error_buffer(ctx.get());
    if (auto nl = err.find('\n'); nl != std::string::npos) err.resize(nl);
    return "nftables: " + (err.empty() ? std::string("failed") : err);
}

}  // namespace zones::net
