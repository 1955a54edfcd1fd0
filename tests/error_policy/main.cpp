// Misuses a cell and checks what the compile-time error policy does about it:
//   RETURN  statuses come back, nothing else happens;
//   HOOK    statuses come back and ngcrt_error_hook saw each one, with where it happened;
//   ASSERT  the first misuse traps (the test passes only if this program dies there).
#include <cstdio>
#include <cstring>

#include <ngcrt/ngcrt.hpp>

namespace {
[[maybe_unused]] int hook_calls = 0;
[[maybe_unused]] int last_status = 0;
[[maybe_unused]] const char* last_where = "";
int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}
}  // namespace

#if NGCRT_ERROR_POLICY == NGCRT_ERROR_POLICY_HOOK
extern "C" void ngcrt_error_hook(int status, const char* where) noexcept {
    ++hook_calls;
    last_status = status;
    last_where = where;
}
#endif

int main() {
#if NGCRT_ERROR_POLICY == NGCRT_ERROR_POLICY_HOOK
    const char* policy = "HOOK";
#elif NGCRT_ERROR_POLICY == NGCRT_ERROR_POLICY_ASSERT
    const char* policy = "ASSERT";
#else
    const char* policy = "RETURN";
#endif
    ngcrt::GaussianErrorCell<float, ngcrt::Units<8>, 2> cell;
    ngcrt::GaussianErrorCellView<float> unbound;
    check(cell.batched_reset(1) == ngcrt::status::ok, "a valid call succeeds");
    check(cell.advance_state() == ngcrt::status::ok, "a valid step succeeds");
    check(hook_calls == 0, "valid calls do not reach the hook");
    if (failures != 0) return NGCRT_ERROR_POLICY == NGCRT_ERROR_POLICY_ASSERT ? 0 : 1;  // 0: fails WILL_FAIL

    std::printf("policy %s: misusing the cell\n", policy);
    std::fflush(stdout);
    const ngcrt::status a = cell.batched_reset(0);  // ASSERT: traps here
    check(a == ngcrt::status::invalid_batch_size, "batched_reset(0) returns invalid_batch_size");
    check(cell.batch_size() == 1, "and changes nothing");
    const ngcrt::status b = cell.set_Sigma(-1.f);
    check(b == ngcrt::status::invalid_sigma, "set_Sigma(-1) returns invalid_sigma");
    const ngcrt::status c = unbound.advance_state();
    check(c == ngcrt::status::not_initialized, "an uninitialised view returns not_initialized");
#if NGCRT_ERROR_POLICY == NGCRT_ERROR_POLICY_HOOK
    check(hook_calls == 3, "the hook saw all three");
    check(last_status == static_cast<int>(ngcrt::status::not_initialized), "with the last status");
    check(std::strcmp(last_where, "advance_state") == 0, "and where it happened");
#elif NGCRT_ERROR_POLICY == NGCRT_ERROR_POLICY_ASSERT
    std::printf("FAILED: the ASSERT policy did not stop the first misuse\n");
    return 0;  // exiting at all fails the WILL_FAIL test
#else
    check(hook_calls == 0, "RETURN calls no hook");
#endif
    std::printf("error policy %s: %s\n", policy, failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
