#include "devcgroup.hpp"

#include <fcntl.h>
#include <linux/bpf.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "sys/file_io.hpp"

namespace zones::plugin {
namespace {

Status write_file(const std::string& path, const std::string& text) {
    if (!sys::write_file(path, text)) return errno_status(fmt::format("{}: {}", path, text), errno);
    return {};
}

bool exists(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0;
}

// --- a tiny eBPF assembler: just what the device program needs ---------------
bpf_insn ins(__u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm) {
    bpf_insn i{};
    i.code = code;
    i.dst_reg = dst & 0xf;
    i.src_reg = src & 0xf;
    i.off = off;
    i.imm = imm;
    return i;
}
bpf_insn ldx_w(int dst, int src, short off) { return ins(BPF_LDX | BPF_W | BPF_MEM, dst, src, off, 0); }
bpf_insn mov_reg(int dst, int src) { return ins(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0); }
bpf_insn mov_imm(int dst, int imm) { return ins(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm); }
bpf_insn and_imm(int dst, int imm) { return ins(BPF_ALU64 | BPF_AND | BPF_K, dst, 0, 0, imm); }
bpf_insn rsh_imm(int dst, int imm) { return ins(BPF_ALU64 | BPF_RSH | BPF_K, dst, 0, 0, imm); }
bpf_insn jne_imm(int dst, int imm, short off) { return ins(BPF_JMP | BPF_JNE | BPF_K, dst, 0, off, imm); }
bpf_insn exit_insn() { return ins(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }

// r1 = struct bpf_cgroup_dev_ctx {access_type (access << 16 | type), major, minor}.
// For each rule: type, major, minor must match and the access asked must
// lie within read|write; then return 1 (allow). Fall through: return 0.
std::vector<bpf_insn> device_program(const std::vector<DevRule>& rules) {
    std::vector<bpf_insn> p = {
        ldx_w(2, 1, 0), mov_reg(3, 2), and_imm(3, 0xffff), rsh_imm(2, 16),   // r3 type, r2 access
        ldx_w(4, 1, 4), ldx_w(5, 1, 8),                                      // r4 major, r5 minor
    };
    for (const DevRule& r : rules) {
        std::vector<bpf_insn> body;
        body.push_back(jne_imm(3, r.type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR, 0));
        if (r.major >= 0) body.push_back(jne_imm(4, static_cast<int>(r.major), 0));
        if (r.minor >= 0) body.push_back(jne_imm(5, static_cast<int>(r.minor), 0));
        body.push_back(mov_reg(6, 2));
        body.push_back(and_imm(6, ~(BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE)));
        body.push_back(jne_imm(6, 0, 0));
        body.push_back(mov_imm(0, 1));
        body.push_back(exit_insn());
        // Every jump skips to the end of this rule's block.
        const auto n = static_cast<short>(body.size());
        for (short i = 0; i < n; ++i)
            if (body[i].code == (BPF_JMP | BPF_JNE | BPF_K)) body[i].off = static_cast<short>(n - 1 - i);
        p.insert(p.end(), body.begin(), body.end());
    }
    p.push_back(mov_imm(0, 0));
    p.push_back(exit_insn());
    return p;
}

}  // namespace

Status load_device_program(const std::vector<DevRule>& rules, Fd& out) {
    const std::vector<bpf_insn> prog = device_program(rules);
    static char license[] = "GPL";
    auto load = [&](char* log, __u32 size) {
        bpf_attr a{};
        a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
        a.insns = reinterpret_cast<__u64>(prog.data());
        a.insn_cnt = static_cast<__u32>(prog.size());
        a.license = reinterpret_cast<__u64>(license);
        a.log_buf = reinterpret_cast<__u64>(log);
        a.log_size = size;
        a.log_level = log ? 1 : 0;
        return static_cast<int>(::syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof a));
    };
    Fd pf(load(nullptr, 0));
    if (!pf) {
        const int err = errno;
        std::vector<char> log(1 << 16);   // again, for the verifier's reason
        Fd again(load(log.data(), static_cast<__u32>(log.size())));
        std::string why(log.data());
        if (const auto nl = why.rfind('\n', why.size() >= 2 ? why.size() - 2 : 0); nl != std::string::npos)
            why = why.substr(nl + 1);
        while (!why.empty() && why.back() == '\n') why.pop_back();
        return {fmt::format("device program: bpf load: {}{}{}", std::strerror(err), why.empty() ? "" : ": ", why)};
    }
    out = std::move(pf);
    return {};
}

namespace {

// `program`: the rules' program, loaded already (load_device_program), or none.
Status attach_bpf(const std::string& dir, const std::vector<DevRule>& rules, const Fd* program) {
    Fd own;
    if (program == nullptr || !*program)
        if (Status s = load_device_program(rules, own); !s.ok()) return s;
    const Fd& pf = own ? own : *program;
    Fd cg(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!cg) return errno_status(dir, errno);
    bpf_attr at{};
    at.target_fd = static_cast<__u32>(cg.get());
    at.attach_bpf_fd = static_cast<__u32>(pf.get());
    at.attach_type = BPF_CGROUP_DEVICE;
    at.attach_flags = BPF_F_ALLOW_MULTI;
    // The attachment holds the program for the cgroup's lifetime.
    if (::syscall(SYS_bpf, BPF_PROG_ATTACH, &at, sizeof at) < 0)
        return errno_status(fmt::format("device program: attach to {}", dir), errno);
    return {};
}

}  // namespace

std::string DevRule::text() const {
    auto num = [](long v) { return v < 0 ? std::string("*") : std::to_string(v); };
    return fmt::format("{} {}:{} rw", type, num(major), num(minor));
}

std::vector<DevRule> base_rules() {
    return {
        {'c', 1, 3}, {'c', 1, 5}, {'c', 1, 7}, {'c', 1, 8}, {'c', 1, 9},   // null zero full random urandom
        {'c', 5, 0}, {'c', 5, 2},                                          // tty, ptmx
        {'c', 136, -1}, {'c', 137, -1}, {'c', 138, -1}, {'c', 139, -1},    // pty slaves (UNIX98,
        {'c', 140, -1}, {'c', 141, -1}, {'c', 142, -1}, {'c', 143, -1},    // 8 majors)
    };
}

Status restrict_devices(const std::vector<std::string>& dirs, const std::vector<DevRule>& rules, const Fd* program) {
    int applied = 0;
    for (const std::string& dir : dirs) {
        if (exists(dir + "/devices.allow")) {
            if (Status s = write_file(dir + "/devices.deny", "a"); !s.ok()) return s;
            for (const DevRule& r : rules)
                if (Status s = write_file(dir + "/devices.allow", r.text()); !s.ok()) return s;
            ++applied;
        } else if (exists(dir + "/cgroup.controllers")) {
            if (Status s = attach_bpf(dir, rules, program); !s.ok()) return s;
            ++applied;
        }
    }
    if (applied == 0) return {"no device controller in the zone's cgroups: its devices cannot be restricted"};
    return {};
}

}  // namespace zones::plugin
