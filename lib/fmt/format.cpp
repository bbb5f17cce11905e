// fmt's compiled part, built into the command-line tools (meson.build).
// Debian ships libfmt only as a shared library, and a tool must not load a
// shared C++ library: it would pull libstdc++.so in, whose symbol lookups
// were most of a tool's start (tools/meson.build). This builds what fmt's
// own src/format.cc does: the non-template functions of format-inl.h and
// the instantiations of its templates that format.h declares extern.
#include <fmt/format-inl.h>

// The instantiations below are fmt 9's (Debian 12); later versions changed
// them, so another fmt must fail here, not at link time.
#if FMT_VERSION / 10000 != 9
#error "lib/fmt/format.cpp follows fmt 9's src/format.cc: update it for this fmt"
#endif

FMT_BEGIN_NAMESPACE
namespace detail {

template auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;

template locale_ref::locale_ref(const std::locale& loc);
template auto locale_ref::get<std::locale>() const -> std::locale;

template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl(locale_ref) -> char;
template void buffer<char>::append(const char*, const char*);
template void vformat_to(buffer<char>&, string_view, basic_format_args<FMT_BUFFER_CONTEXT(char)>,
                         locale_ref);

template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<wchar_t>;
template auto decimal_point_impl(locale_ref) -> wchar_t;
template void buffer<wchar_t>::append(const wchar_t*, const wchar_t*);

}  // namespace detail
FMT_END_NAMESPACE
