// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// pconv_train's command line: the global --threads and the five subcommands with their flags
// (CLI11). Options of the tool (--threads) are accepted before or after the subcommand.

#ifndef PCONV_TRAIN_CLI_HPP
#define PCONV_TRAIN_CLI_HPP

#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "loop.hpp"

namespace pconv {

//! `train`'s flags that are not TrainOptions fields as such (they are checked and mapped after parsing).
struct TrainFlags
{
    TrainOptions options;
    double maskRatio = 0.3, maskMin = 0, maskMax = 0;
    uint64_t seed = 0;
    std::string conv = "partial";
    CLI::Option* learningRate = nullptr;
};

struct ExportFlags
{
    std::string checkpoint, output;
    int size = 0;
    bool half = false;
};

struct InferFlags
{
    std::string checkpoint, image, mask, output;
};

//! The whole command line: construct, then `app.parse(argc, argv)`; the chosen subcommand is the set one.
struct CommandLine
{
    CommandLine();

    CLI::App app;
    int threads;
    TrainFlags train;
    ExportFlags exportFlags;
    InferFlags infer;
    EvalOptions eval;
    BenchOptions bench;
    CLI::App *trainCommand, *exportCommand, *inferCommand, *evalCommand, *benchCommand;
};

/** `train`'s options from its parsed flags: the mask-ratio forms (--mask_ratio r gives [r-0.1, r+0.1],
--mask-min/--mask-max the range itself), the fine-tune rate, the seed. Throws BadInput. */
TrainOptions trainOptionsFromFlags(const TrainFlags& flags);

} // namespace pconv

#endif
