// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// pconv_train: trains, evaluates, exports and runs the partial-convolution U-Net of opencv_inpainting.
//
// main() builds the command line (cli.cpp: one CLI11 subcommand per command), parses, and runs the
// chosen command with the errors mapped to exit codes (runChosen): 2 for bad input, 3 for a
// diverged training run, 4 for a data-parallel run that lost a rank, 1 for anything else.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

#include <opencv2/core.hpp>

#include "checkpoint.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "distributed.hpp"
#include "export.hpp"
#include "image_source.hpp"
#include "loop.hpp"
#include "util.hpp"

using namespace pconv;

namespace {

/** Why the tool runs itself again (once, before anything else):

Two settings of this tool live in environment variables that their libraries read only when they
are loaded, before main() runs, so setting them with setenv() later would have no effect:
- OMP_WAIT_POLICY (libgomp, LibTorch's OpenMP): the default lets idle OpenMP workers spin for a while
  after every parallel region; on a small shared machine that takes cores from the batch-loading
  thread and from other processes. PASSIVE makes them sleep.
- OPENCV_IO_MAX_IMAGE_PIXELS (OpenCV's decoders): the tool's own decode-size limit
  (setDecodeLimitEnvironment(), image_source.cpp) so that a huge image in a training folder is refused
  instead of exhausting memory.
When either is unset, the process sets it and replaces itself (execv of /proc/self/exe, same
arguments, same pid); the second run finds both set and goes on. A value the user set is respected
and then no re-exec happens. If exec fails (no /proc), the tool carries on with the defaults. */
void reexecWithLoadTimeSettings(char** argv)
{
    bool changed = setDecodeLimitEnvironment();
    if (std::getenv("OMP_WAIT_POLICY") == nullptr)
    {
        setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
        changed = true;
    }
    if (changed)
        execv("/proc/self/exe", argv);
}

int runExport(const ExportFlags& f)
{
    CheckpointInfo info;
    PConvUNet model = loadModel(f.checkpoint, &info);
    exportOnnx(model, info, f.output, f.size, f.half);
    std::printf("wrote %s (layers %d, width %d, train size %d, step %lld, %s weights, %.1f MB)\n", f.output.c_str(),
                info.net.layers, info.net.width, info.trainSize, (long long)info.step, f.half ? "float16" : "float32",
                (double)std::filesystem::file_size(f.output) / 1e6);
    return 0;
}

//! Parses; on a parse error prints one line and returns kExitBadInput, on --help returns 0; else -1.
int parse(CLI::App& app, int argc, char** argv)
{
    try
    {
        app.parse(argc, argv);
        return -1;
    }
    catch (const CLI::CallForHelp& e)
    {
        return app.exit(e);
    }
    catch (const CLI::CallForAllHelp& e)
    {
        return app.exit(e);
    }
    catch (const CLI::ParseError& e)
    {
        // CLI11 checks "a subcommand is required" before it reports leftover words, so a mistyped
        // command would otherwise get a message that does not name it.
        std::fflush(stdout); // what was printed comes before the error line
        const std::vector<std::string> rest = app.remaining();
        if (app.get_subcommands().empty() && !rest.empty() && !rest.front().empty())
        {
            const bool option = rest.front()[0] == '-';
            std::fprintf(stderr, "pconv_train: error: unknown %s '%s' (commands: train, export, infer, eval, bench; "
                                 "see --help)\n", option ? "option" : "command", rest.front().c_str());
            return kExitBadInput;
        }
        std::fprintf(stderr, "pconv_train: error: %s (see --help)\n", e.what());
        return kExitBadInput;
    }
}

//! Runs `command` with the errors mapped to exit codes and printed as one line.
template <class Command>
int runChosen(Command command)
{
    auto fail = [](const char* message, int code) {
        std::fflush(stdout); // what was printed comes before the error line
        std::fprintf(stderr, "pconv_train: error: %s\n", message);
        return code;
    };
    try
    {
        return command();
    }
    catch (const BadInput& e)
    {
        return fail(e.what(), kExitBadInput);
    }
    catch (const PeerLost& e)
    {
        return fail(e.what(), kExitPeerLost);
    }
    catch (const cv::Exception& e)
    {
        return fail(e.err.c_str(), kExitBadInput);
    }
    catch (const c10::Error& e)
    {
        return fail(e.what_without_backtrace(), 1);
    }
    catch (const std::exception& e)
    {
        return fail(e.what(), 1);
    }
}

} // namespace

int main(int argc, char** argv)
{
    reexecWithLoadTimeSettings(argv);

    CommandLine cli;
    const int parsed = parse(cli.app, argc, argv);
    if (parsed >= 0)
        return parsed;

    return runChosen([&] {
        setThreads(cli.threads);
        if (*cli.trainCommand)
        {
            const TrainOptions options = trainOptionsFromFlags(cli.train);
            torch::manual_seed(options.data.seed);
            return pconv::train(options);
        }
        if (*cli.exportCommand)
            return runExport(cli.exportFlags);
        if (*cli.inferCommand)
            return runInfer(cli.infer.checkpoint, cli.infer.image, cli.infer.mask, cli.infer.output);
        if (*cli.evalCommand)
            return runEval(cli.eval);
        return runBench(cli.bench);
    });
}
