// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// Command-line rows of the bad-input matrix (doc/bad_input.md) for the interactive demo's
// arguments and the training tool's subcommands: each cell runs the program as a user would and
// checks its exit code (2 = bad input, one `<program>: error:` line, last) and output. A cell whose
// program is not built (no highgui, no LibTorch) is skipped.

#include "test_precomp.hpp"
#include "bad_input_matrix.hpp"

#include <filesystem>
#include <fstream>
#include <mutex>

namespace opencv_test_inpainting {

using namespace cv;
namespace fs = std::filesystem;

namespace {

bool built(const std::string& name) { return fs::exists(binaryPath(name)); }

#define REQUIRE_PROGRAM(name) \
    if (!built(name)) \
        GTEST_SKIP() << name << " is not built"

} // namespace

// The input on which Debian's OpenCV (through GDCM, its DICOM reader) abort()ed the process:
// "DICM" after a 128-byte preamble (found by fuzz/fuzz_train_data; the fuzzer's 4 option bytes
// stripped). Shared with test_bad_input_cli.cpp.
std::string dicomAbortBytes(const std::string& name)
{
    std::ifstream in(std::string(INPAINTING_SOURCE_DIR) + "/fuzz/corpus/train_data/" + name, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return bytes.size() > 4 ? bytes.substr(4) : std::string();
}

namespace {

// ---- inpaint_interactive: every argument is checked before a window opens ----------------------

std::string interactive(const std::string& args)
{
    // No display on purpose: a cell that got past the checks would stop at "no display".
    return "env -u DISPLAY -u WAYLAND_DISPLAY " + binaryPath("inpaint_interactive") + " " + args;
}

BadInputRegistrar interactiveRow("inpaint_interactive CLI", {
    { "empty", [](const std::string& dir) {
        REQUIRE_PROGRAM("inpaint_interactive");
        expectCli(interactive(""), 2, "--image is required");
        writeBytes(dir + "/empty.png", "");
        expectCli(interactive("--image=" + dir + "/empty.png"), 2, "--image: cannot decode image");
    } },
    { "bad model", [](const std::string& dir) {
        REQUIRE_PROGRAM("inpaint_interactive");
        imwrite(dir + "/in.png", rampImage(Size(32, 24), CV_8UC3));
        writeBytes(dir + "/garbage.onnx", "\x08\x07this is not an ONNX model");
        // Refused at start (it used to be loaded at the first fill, inside the window).
        expectCli(interactive("--image=" + dir + "/in.png --model=" + dir + "/garbage.onnx"), 2, "inpainting model");
    } },
    { "missing file", [](const std::string& dir) {
        REQUIRE_PROGRAM("inpaint_interactive");
        expectCli(interactive("--image=" + dir + "/missing.png"), 2, "--image: file not found");
        imwrite(dir + "/in.png", rampImage(Size(32, 24), CV_8UC3));
        expectCli(interactive("--image=" + dir + "/in.png --model=" + dir + "/missing.onnx"), 2, "--model: file not found");
    } },
    { "bad value", [](const std::string& dir) {
        REQUIRE_PROGRAM("inpaint_interactive");
        const std::string image = dir + "/in.png";
        imwrite(image, rampImage(Size(32, 24), CV_8UC3));
        expectCli(interactive("--image=" + image + " --method=bogus"), 2, "unknown method 'bogus'");
        expectCli(interactive("--image=" + image + " --brush=-1"), 2, "--brush must be in [0, 200]");
        expectCli(interactive("--image=" + image + " --max-width=10"), 2, "must be at least 64");
        expectCli(interactive("--image=" + image + " --output=" + dir + "/x.png --mask-output=" + dir + "/x.png"), 2,
                  "--output and --mask-output must differ");
        if (!inpainting::isMethodAvailable(inpainting::INPAINT_PCONV))
            expectCli(interactive("--image=" + image + " --method=pconv"), 2, "'pconv' is not available");
    } },
});

// ---- pconv_train -------------------------------------------------------------------------------

std::string tool(const std::string& args) { return binaryPath("pconv_train") + " --threads 1 " + args; }

// Small photos: 40x44 random BGR (the crop is 32).
void writePhotos(const std::string& dir, int count)
{
    fs::create_directories(dir);
    RNG rng(7);
    for (int i = 0; i < count; i++)
    {
        Mat p(40, 44, CV_8UC3);
        rng.fill(p, RNG::UNIFORM, 0, 256);
        imwrite(format("%s/p%d.png", dir.c_str(), i), p);
    }
}

const char* const kTiny = " --image_size 32 --layers 3 --width 4 --batch_size 2 --steps 1 --quiet";

std::string trainCmd(const std::string& data, const std::string& out, const std::string& extra = "")
{
    return tool("train --data " + data + " --out " + out + kTiny + " " + extra);
}

// One checkpoint for the export/eval/infer rows, trained once per test program.
std::string sharedCheckpoint()
{
    static std::string path;
    static std::once_flag once;
    std::call_once(once, [] {
        const std::string dir = makeTempDir("bad_input_ckpt");
        writePhotos(dir + "/photos", 3);
        std::string out;
        if (runCommand(trainCmd(dir + "/photos", dir + "/run"), out) == 0)
            path = dir + "/run/last.ckpt";
        else
            ADD_FAILURE() << out;
    });
    return path;
}

BadInputRegistrar trainRow("pconv_train train CLI", {
    { "empty", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        fs::create_directories(dir + "/empty");
        expectCli(trainCmd(dir + "/empty", dir + "/o"), 2, "holds no image files");
        expectCli(tool("train --out " + dir + "/o"), 2, "--data is required");
        fs::create_directories(dir + "/zero");
        writeBytes(dir + "/zero/a.png", "");
        writeBytes(dir + "/zero/b.jpg", "");
        const std::string dicom = dicomAbortBytes();
        ASSERT_GT(dicom.size(), 132u);
        writeBytes(dir + "/zero/c.png", dicom); // used to abort the process inside OpenCV's DICOM reader
        // A 22-byte PBM declaring 994x997994 pixels: OpenCV allocated 3 GB before failing.
        writeBytes(dir + "/zero/d.pgm", "P4\n994\n997994\n9979");
        // Starts like a PNM file ("P1") but not as OpenCV's PNM reader wants it, so OpenCV passed it on
        // to GDCM, which aborted (a CI fuzz run found it after the check for c.png).
        writeBytes(dir + "/zero/e.ppm", dicomAbortBytes("regress_dicom_after_pnm"));
        // The same look-alike with GDAL's DTED marker instead: refused before any reader runs.
        std::string dted = "P1X" + std::string(137, '\0') + "DTED" + std::string(16, '7');
        writeBytes(dir + "/zero/f.pgm", dted);
        std::string out;
        EXPECT_EQ(runCommand(trainCmd(dir + "/zero", dir + "/o"), out), 2) << out;
        EXPECT_NE(out.find("d.pgm': the header declares more pixels than the decoder limit"), std::string::npos) << out;
        EXPECT_NE(out.find("e.ppm': has a DICOM marker"), std::string::npos) << out;
        EXPECT_NE(out.find("f.pgm': has a DTED marker"), std::string::npos) << out;
        expectCli(trainCmd(dir + "/zero", dir + "/o"), 2, "none of the 6 files");
    } },
    { "depth", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        fs::create_directories(dir + "/d");
        imwrite(dir + "/d/a16.png", rampImage(Size(40, 40), CV_16UC3));
        imwrite(dir + "/d/b16.png", rampImage(Size(44, 40), CV_16UC3));
        expectCli(trainCmd(dir + "/d", dir + "/o"), 0, "2 training images"); // read as 8-bit
    } },
    { "channels", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        fs::create_directories(dir + "/c");
        imwrite(dir + "/c/gray.png", rampImage(Size(40, 40), CV_8UC1));
        imwrite(dir + "/c/bgra.png", rampImage(Size(40, 40), CV_8UC4));
        expectCli(trainCmd(dir + "/c", dir + "/o"), 0, "2 training images"); // read as BGR
    } },
    { "non-binary mask", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        writePhotos(dir + "/p", 2);
        fs::create_directories(dir + "/m");
        imwrite(dir + "/m/soft.png", holeMask(Size(40, 40), Rect(5, 5, 20, 10)) / 255 * 7);
        expectCli(trainCmd(dir + "/p", dir + "/o", "--masks " + dir + "/m"), 0, "done: step 1");
    } },
    { "all-hole", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        writePhotos(dir + "/p", 2);
        fs::create_directories(dir + "/m");
        imwrite(dir + "/m/all.png", Mat(40, 40, CV_8UC1, Scalar(255)));
        expectCli(trainCmd(dir + "/p", dir + "/o", "--masks " + dir + "/m"), 0, "done: step 1");
    } },
    { "no-hole", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        writePhotos(dir + "/p", 2);
        fs::create_directories(dir + "/m");
        imwrite(dir + "/m/none.png", Mat::zeros(40, 40, CV_8UC1));
        expectCli(trainCmd(dir + "/p", dir + "/o", "--masks " + dir + "/m"), 0, "done: step 1");
    } },
    { "1x1", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        fs::create_directories(dir + "/one");
        imwrite(dir + "/one/one.png", Mat(1, 1, CV_8UC3, Scalar(10, 20, 30)));
        expectCli(trainCmd(dir + "/one", dir + "/o"), 0, "smaller than the 32 crop: scaled up");
    } },
    { "odd size", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        fs::create_directories(dir + "/odd");
        imwrite(dir + "/odd/odd.png", rampImage(Size(13, 7), CV_8UC3));
        imwrite(dir + "/odd/strip.png", rampImage(Size(200, 5), CV_8UC3)); // 40:1
        expectCli(trainCmd(dir + "/odd", dir + "/o"), 0, "sides more than 16:1 apart, skipped");
        expectCli(tool("train --data " + dir + "/odd --out " + dir + "/o2 --image_size 36 --layers 3 --steps 1"), 2,
                  "multiple of 2^layers");
    } },
    { "bad model", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        writePhotos(dir + "/p", 2);
        fs::create_directories(dir + "/o");
        writeBytes(dir + "/o/last.ckpt", "not a checkpoint");
        expectCli(trainCmd(dir + "/p", dir + "/o", "--resume"), 2, "not a pconv_train checkpoint");
        expectCli(trainCmd(dir + "/p", dir + "/o2", "--init " + dir + "/o/last.ckpt"), 2, "not a pconv_train checkpoint");
    } },
    { "missing file", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        writePhotos(dir + "/p", 2);
        expectCli(trainCmd(dir + "/missing", dir + "/o"), 2, "is not a folder");
        expectCli(trainCmd(dir + "/p", dir + "/o", "--val-data " + dir + "/missing"), 2, "is not a folder");
        expectCli(trainCmd(dir + "/p", dir + "/o", "--masks " + dir + "/missing"), 2, "is not a folder");
    } },
    { "unwritable output", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        writePhotos(dir + "/p", 2);
        expectCli(trainCmd(dir + "/p", dir + "/p/p0.png/out"), 2, "cannot create folder");
    } },
    { "bad value", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        writePhotos(dir + "/p", 2);
        const std::string base = "train --data " + dir + "/p --out " + dir + "/o ";
        expectCli(tool(base + "--no-such-flag 3"), 2, "no-such-flag");
        expectCli(tool(base + "--layers 1"), 2, "--layers must be in [2, 10]");
        expectCli(tool(base + "--width 0"), 2, "--width must be in [1, 1024]");
        expectCli(tool(base + "--mask-min 0.5 --mask-max 0.2"), 2, "need 0 < min <= max < 1");
        expectCli(tool(base + "--mask-kind 99"), 2, "--mask-kind"); // MaskKinds 0..8 (8: scratches)
        expectCli(tool(base + "--mask-kind=-1"), 2, "--mask-kind");
        expectCli(tool(base + "--mask-kind 5,99"), 2, "--mask-kind"); // every kind of a list is checked
        expectCli(tool(base + "--batch_size abc"), 2, "batch_size");
        expectCli(tool(base + "--w-adv -0.1"), 2, "--w-adv must be finite and >= 0");
        expectCli(tool(base + "--w-adv inf"), 2, "--w-adv must be finite and >= 0");
        for (const char* d : {"--d-lr 0.001", "--d-steps 2", "--d-width 8"})
            expectCli(tool(base + d), 2, "requires --w-adv");
        expectCli(tool(base + "--w-adv 0.1 --d-lr 0"), 2, "--d-lr must be in (0, 1)");
        expectCli(tool(base + "--w-adv 0.1 --d-steps 0"), 2, "--d-steps must be in [1, 100]");
        expectCli(tool(base + "--w-adv 0.1 --d-width 0"), 2, "--d-width must be in [1, 1024]");
        expectCli(tool(base + "--mask-curriculum -5"), 2, "--mask-curriculum must be >= 0");
        expectCli(tool(base + "--mask-curriculum 10 --masks " + dir + "/p"), 2, "does not apply to --masks");
        expectCli(tool(base + "--conv bogus"), 2, "--conv");
        expectCli(tool(base + "--bf16 --device cuda:0"), 2, "--bf16 is bfloat16 autocast on the CPU");
        // A partial checkpoint where gated convolutions are asked for, and the reverse.
        expectCli(trainCmd(dir + "/p", dir + "/kinds"), 0, "");
        expectCli(tool("train --data " + dir + "/p --out " + dir + "/kinds --image_size 32 --layers 3 --width 4 "
                       "--batch_size 2 --steps 2 --quiet --resume --conv gated"), 2,
                  "holds a partial-convolution net; the flags ask for gated convolutions");
        expectCli(trainCmd(dir + "/p", dir + "/kinds_g", "--conv gated"), 0, "");
        expectCli(trainCmd(dir + "/p", dir + "/kinds2", "--init " + dir + "/kinds_g/last.ckpt"), 2,
                  "holds a gated-convolution net; the flags ask for partial convolutions");
        expectCli(tool("bogus"), 2, "unknown command 'bogus'");
    } },
});

BadInputRegistrar exportRow("pconv_train export CLI", {
    { "empty", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        writeBytes(dir + "/empty.ckpt", "");
        expectCli(tool("export --checkpoint " + dir + "/empty.ckpt --output " + dir + "/m.onnx"), 2,
                  "not a pconv_train checkpoint");
        expectCli(tool("export --output " + dir + "/m.onnx"), 2, "--checkpoint is required");
    } },
    { "bad model", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        const std::string ckpt = sharedCheckpoint();
        ASSERT_FALSE(ckpt.empty());
        std::ifstream in(ckpt, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        writeBytes(dir + "/truncated.ckpt", bytes.substr(0, bytes.size() / 2));
        writeBytes(dir + "/garbage.ckpt", "PK\x03\x04 not a zip at all");
        for (const char* name : { "truncated.ckpt", "garbage.ckpt" })
            expectCli(tool("export --checkpoint " + dir + "/" + name + " --output " + dir + "/m.onnx"), 2,
                      "not a pconv_train checkpoint");
        EXPECT_FALSE(fs::exists(dir + "/m.onnx"));
    } },
    { "missing file", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        expectCli(tool("export --checkpoint " + dir + "/none.ckpt --output " + dir + "/m.onnx"), 2, "does not exist");
    } },
    { "unwritable output", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        const std::string ckpt = sharedCheckpoint();
        ASSERT_FALSE(ckpt.empty());
        writeBytes(dir + "/file", "x");
        expectCli(tool("export --checkpoint " + ckpt + " --output " + dir + "/file/m.onnx"), 2, "cannot write");
        expectCli(tool("export --checkpoint " + ckpt + " --output " + dir + "/missing/m.onnx"), 2, "does not exist");
    } },
    { "bad value", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        const std::string ckpt = sharedCheckpoint();
        ASSERT_FALSE(ckpt.empty());
        expectCli(tool("export --checkpoint " + ckpt + " --output " + dir + "/m.onnx --size 5"), 2,
                  "--size must be a multiple of 2^layers = 8");
        expectCli(tool("export --checkpoint " + ckpt + " --output " + dir + "/m.onnx --size -8"), 2, "--size");
        EXPECT_FALSE(fs::exists(dir + "/m.onnx"));
        writePhotos(dir + "/p", 2);
        expectCli(trainCmd(dir + "/p", dir + "/gated", "--conv gated"), 0, "");
        expectCli(tool("export --half --checkpoint " + dir + "/gated/last.ckpt --output " + dir + "/g.onnx"), 2,
                  "a gated model is exported in float");
        EXPECT_FALSE(fs::exists(dir + "/g.onnx"));
    } },
});

BadInputRegistrar evalRow("pconv_train eval CLI", {
    { "empty", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        const std::string ckpt = sharedCheckpoint();
        ASSERT_FALSE(ckpt.empty());
        fs::create_directories(dir + "/empty");
        expectCli(tool("eval --checkpoint " + ckpt + " --data " + dir + "/empty"), 2, "holds no image files");
    } },
    { "bad model", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        writePhotos(dir + "/p", 1);
        expectCli(tool("eval --checkpoint " + dir + "/p/p0.png --data " + dir + "/p"), 2, "not a pconv_train checkpoint");
    } },
    { "missing file", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        const std::string ckpt = sharedCheckpoint();
        ASSERT_FALSE(ckpt.empty());
        expectCli(tool("eval --checkpoint " + ckpt + " --data " + dir + "/missing"), 2, "is not a folder");
    } },
    { "unwritable output", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        const std::string ckpt = sharedCheckpoint();
        ASSERT_FALSE(ckpt.empty());
        writePhotos(dir + "/p", 1);
        expectCli(tool("eval --checkpoint " + ckpt + " --data " + dir + "/p --csv " + dir + "/p/p0.png/x.csv"), 2,
                  "cannot write");
    } },
    { "bad value", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        const std::string ckpt = sharedCheckpoint();
        ASSERT_FALSE(ckpt.empty());
        writePhotos(dir + "/p", 1);
        expectCli(tool("eval --checkpoint " + ckpt + " --data " + dir + "/p --max-images -1"), 2, "must be >= 0");
        expectCli(tool("eval --checkpoint " + ckpt + " --data " + dir + "/p --resize 3"), 2, "smaller than 2^layers");
    } },
});

BadInputRegistrar inferRow("pconv_train infer CLI", {
    { "empty", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        const std::string ckpt = sharedCheckpoint();
        ASSERT_FALSE(ckpt.empty());
        writeBytes(dir + "/empty.png", "");
        imwrite(dir + "/mask.png", holeMask(Size(40, 40), Rect(5, 5, 9, 9)));
        expectCli(tool("infer --checkpoint " + ckpt + " --image " + dir + "/empty.png --mask " + dir + "/mask.png --output " +
                       dir + "/o.png"), 2, "--image");
    } },
    { "size", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        const std::string ckpt = sharedCheckpoint();
        ASSERT_FALSE(ckpt.empty());
        imwrite(dir + "/in.png", rampImage(Size(40, 40), CV_8UC3));
        imwrite(dir + "/mask.png", holeMask(Size(39, 40), Rect(5, 5, 9, 9)));
        expectCli(tool("infer --checkpoint " + ckpt + " --image " + dir + "/in.png --mask " + dir + "/mask.png --output " +
                       dir + "/o.png"), 2, "size");
        EXPECT_FALSE(fs::exists(dir + "/o.png"));
    } },
    { "missing file", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        const std::string ckpt = sharedCheckpoint();
        ASSERT_FALSE(ckpt.empty());
        imwrite(dir + "/in.png", rampImage(Size(40, 40), CV_8UC3));
        expectCli(tool("infer --checkpoint " + ckpt + " --image " + dir + "/in.png --mask " + dir + "/missing.png --output " +
                       dir + "/o.png"), 2, "--mask: cannot read");
    } },
    { "unwritable output", [](const std::string& dir) {
        REQUIRE_PROGRAM("pconv_train");
        const std::string ckpt = sharedCheckpoint();
        ASSERT_FALSE(ckpt.empty());
        imwrite(dir + "/in.png", rampImage(Size(40, 40), CV_8UC3));
        imwrite(dir + "/mask.png", holeMask(Size(40, 40), Rect(5, 5, 9, 9)));
        expectCli(tool("infer --checkpoint " + ckpt + " --image " + dir + "/in.png --mask " + dir + "/mask.png --output " +
                       dir + "/in.png/o.png"), 2, "cannot write");
    } },
});

} // namespace

TEST(Inpainting_BadInput, inpaint_interactive_cli) { runBadInputRow("inpaint_interactive CLI"); }
TEST(Inpainting_BadInput, pconv_train_train_cli) { runBadInputRow("pconv_train train CLI"); }
TEST(Inpainting_BadInput, pconv_train_export_cli) { runBadInputRow("pconv_train export CLI"); }
TEST(Inpainting_BadInput, pconv_train_eval_cli) { runBadInputRow("pconv_train eval CLI"); }
TEST(Inpainting_BadInput, pconv_train_infer_cli) { runBadInputRow("pconv_train infer CLI"); }

} // namespace opencv_test_inpainting
