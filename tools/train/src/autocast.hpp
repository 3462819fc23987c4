// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// bfloat16 autocast on the CPU (--bf16): inside the guard, LibTorch runs the ops of its CPU autocast
// list (convolutions, matrix products) in bfloat16 and the others in float; the weights, their
// gradients and Adam's state stay float. As in PyTorch's torch.autocast, the guard covers the forward
// pass and the losses, not backward() nor the optimiser step.

#ifndef PCONV_TRAIN_AUTOCAST_HPP
#define PCONV_TRAIN_AUTOCAST_HPP

#include <ATen/autocast_mode.h>
#include <c10/core/impl/LocalDispatchKeySet.h>

namespace pconv {

class CpuBf16Autocast
{
public:
    explicit CpuBf16Autocast(bool enabled) : enabled_(enabled)
    {
        if (!enabled_)
            return;
        previous_ = at::autocast::is_cpu_enabled();
        previousType_ = at::autocast::get_autocast_cpu_dtype();
        at::autocast::set_cpu_enabled(true);
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        at::autocast::increment_nesting();
    }
    ~CpuBf16Autocast()
    {
        if (!enabled_)
            return;
        if (at::autocast::decrement_nesting() == 0)
            at::autocast::clear_cache();
        at::autocast::set_cpu_enabled(previous_);
        at::autocast::set_autocast_cpu_dtype(previousType_);
    }
    CpuBf16Autocast(const CpuBf16Autocast&) = delete;
    CpuBf16Autocast& operator=(const CpuBf16Autocast&) = delete;

private:
    bool enabled_, previous_ = false;
    at::ScalarType previousType_ = at::kBFloat16;
};

/** Runs what follows in float even inside a CpuBf16Autocast (e.g. the partial convolution's window
sums of the mask: counts up to C*k*k, which bfloat16's 8-bit significand does not hold exactly). */
using NoAutocast = c10::impl::ExcludeDispatchKeyGuard;
inline c10::DispatchKeySet autocastKeys() { return c10::DispatchKeySet(c10::DispatchKey::AutocastCPU); }

} // namespace pconv

#endif
