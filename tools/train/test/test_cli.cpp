// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// pconv_train as a user meets it: help, bad input (exit 2), a short training run that learns,
// then export, infer and eval of its checkpoint; the non-finite-loss stop.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "checkpoint.hpp"
#include "losses.hpp"
#include "train_test_utils.hpp"

namespace {

using pconv_test::runCommand;

std::string tool() { return pconv_test::toolPath() + " --threads 1"; }

TEST(Inpainting_TrainCli, help_lists_flags_with_defaults)
{
    std::string out;
    ASSERT_EQ(runCommand(pconv_test::toolPath() + " train --help", out), 0) << out;
    for (const char* s : {"--image_size", "256", "--batch_size", "16", "--epochs", "50", "--learning_rate", "0.0002",
                          "--mask_ratio", "0.3", "--resume", "--finetune", "--vgg", "--layers", "--width", "--masks"})
        EXPECT_NE(out.find(s), std::string::npos) << "missing '" << s << "' in:\n" << out;
}

TEST(Inpainting_TrainCli, bad_input_exits_2_with_a_message)
{
    const std::string dir = pconv_test::makeTempDir("cli_bad");
    std::filesystem::create_directories(dir + "/empty");
    pconv_test::writePhotoSet(dir + "/photos", 2, 40);
    struct Case { std::string args, expect; };
    const std::vector<Case> cases = {
        {"train --data " + dir + "/missing --out " + dir + "/o", "not a folder"},
        {"train --data " + dir + "/empty --out " + dir + "/o", "no image files"},
        {"train --data " + dir + "/photos --out " + dir + "/o --no-such-flag 3", "no-such-flag"},
        {"train --data " + dir + "/photos --out " + dir + "/o --batch_size 0", "--batch_size"},
        {"train --data " + dir + "/photos --out " + dir + "/o --image_size 100", "multiple of 2^layers"},
        {"train --data " + dir + "/photos --out " + dir + "/o --mask_ratio 1.5", "--mask_ratio"},
        {"train --data " + dir + "/photos --out " + dir + "/o --learning_rate=-1", "--learning_rate"},
        {"train --data " + dir + "/photos --out " + dir + "/o --batch_size abc", "batch_size"},
        {"train --data " + dir + "/photos --out " + dir + "/o --device tpu", "--device"},
        {"train --data " + dir + "/photos --out " + dir + "/o --w-hole -1", "--w-hole"},
        {"train --data " + dir + "/photos --out " + dir + "/o --w-tv nan", "--w-tv"},
        {"train --data " + dir + "/photos --out " + dir + "/o --w-ssim -2", "--w-ssim"},
        {"train --data " + dir + "/photos --out " + dir + "/o --image_size 8 --layers 3 --w-ssim 1", "SSIM window"},
        {"train --data " + dir + "/photos --out " + dir + "/o --image_size 8 --layers 3 --batch_size 1", "1x1 bottleneck"},
        {"train --data " + dir + "/photos --out " + dir + "/o --keep-every -1", "--keep-every"},
        {"train --data " + dir + "/photos --out " + dir + "/o --w-adv -0.1", "--w-adv must be finite and >= 0"},
        {"train --data " + dir + "/photos --out " + dir + "/o --w-adv inf", "--w-adv must be finite and >= 0"},
        {"train --data " + dir + "/photos --out " + dir + "/o --d-lr 0.001", "--d-lr requires --w-adv"},
        {"train --data " + dir + "/photos --out " + dir + "/o --w-adv 0.1 --d-lr 0", "--d-lr must be in (0, 1)"},
        {"train --data " + dir + "/photos --out " + dir + "/o --w-adv 0.1 --d-steps 0", "--d-steps must be in [1, 100]"},
        {"train --data " + dir + "/photos --out " + dir + "/o --w-adv 0.1 --d-width 0", "--d-width must be in [1, 1024]"},
        {"train --data " + dir + "/photos --out " + dir + "/o --mask-curriculum -5", "--mask-curriculum must be >= 0"},
        {"train --data " + dir + "/photos --out " + dir + "/o --bf16 --device cuda:0", "--bf16 is bfloat16 autocast on the CPU"},
        {"train --data " + dir + "/photos --out " + dir + "/o --mask-curriculum 10 --masks " + dir + "/photos",
         "does not apply to --masks"},
        {"export --checkpoint " + dir + "/none.ckpt --output " + dir + "/m.onnx", "does not exist"},
        {"infer --checkpoint " + dir + "/photos/photo0.png --image x --mask y --output z", "not a pconv_train checkpoint"},
        {"nonsense", "unknown command 'nonsense'"},
        {"--no-such-global", "unknown option '--no-such-global'"},
    };
    // OMP_WAIT_POLICY set: the tool then skips re-running itself to set it, which halves the start-up
    // (LibTorch's loading) of these many short runs; the other tests keep the re-exec path.
    for (const auto& c : cases)
    {
        std::string out;
        EXPECT_EQ(runCommand("OMP_WAIT_POLICY=PASSIVE " + tool() + " " + c.args, out), 2) << c.args << "\n" << out;
        EXPECT_NE(out.find(c.expect), std::string::npos) << c.args << "\n" << out;
        EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << "one line expected:\n" << out;
    }
    // --flag=value is accepted as well as --flag value.
    std::string out;
    EXPECT_EQ(runCommand(tool() + " train --data=" + dir + "/empty --out=" + dir + "/o", out), 2);
    EXPECT_NE(out.find("no image files"), std::string::npos) << out;
}

TEST(Inpainting_TrainCli, unreadable_images_skipped_small_images_scaled_up)
{
    const std::string dir = pconv_test::makeTempDir("cli_skip");
    pconv_test::writePhotoSet(dir + "/data", 3, 40);
    std::ofstream(dir + "/data/broken.jpg") << "this is not a JPEG";
    cv::Mat small(20, 24, CV_8UC3, cv::Scalar(40, 90, 160));
    cv::imwrite(dir + "/data/small.png", small);
    std::string out;
    ASSERT_EQ(runCommand(tool() + " train --data " + dir + "/data --out " + dir + "/o --image_size 32 --layers 3 "
                         "--width 4 --batch_size 2 --steps 2 --quiet", out), 0) << out;
    EXPECT_NE(out.find("broken.jpg"), std::string::npos) << out;
    EXPECT_NE(out.find("1 of 5 files skipped"), std::string::npos) << out;
    EXPECT_NE(out.find("small.png"), std::string::npos) << out;
    EXPECT_NE(out.find("scaled up"), std::string::npos) << out;
    EXPECT_NE(out.find("4 training images"), std::string::npos) << out;
    // No --val-data: the summary says there was no validation instead of a PSNR of -1 dB.
    EXPECT_NE(out.find("no validation yet"), std::string::npos) << out;
    EXPECT_EQ(out.find("-1.00 dB"), std::string::npos) << out;
}

TEST(Inpainting_TrainCli, non_finite_loss_stops_and_keeps_last_good_checkpoint)
{
    const std::string dir = pconv_test::makeTempDir("cli_nan");
    pconv_test::writePhotoSet(dir + "/data", 3, 40);
    std::string out;
    const int rc = runCommand("PCONV_TRAIN_FAIL_AT_STEP=3 " + tool() + " train --data " + dir + "/data --out " + dir +
                              "/o --image_size 32 --layers 3 --width 4 --batch_size 2 --steps 6 --checkpoint-every 2 "
                              "--quiet", out);
    EXPECT_EQ(rc, 3) << out;
    EXPECT_NE(out.find("NaN at step 3"), std::string::npos) << out;
    EXPECT_NE(out.find("last.ckpt"), std::string::npos) << out;
    pconv::CheckpointInfo info = pconv::readCheckpointInfo(dir + "/o/last.ckpt");
    EXPECT_EQ(info.step, 2);
}

TEST(Inpainting_TrainCli, short_run_learns_then_export_infer_eval)
{
    const std::string dir = pconv_test::makeTempDir("cli_smoke");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/train", 10, 96), 10);
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/val", 4, 64, 10), 4);
    std::string out;
    ASSERT_EQ(runCommand(tool() + " train --data " + dir + "/train --val-data " + dir + "/val --out " + dir +
                         "/run --image_size 64 --layers 4 --width 8 --batch_size 4 --steps 120 --val-every 40 "
                         "--log-every 10 --resize-min 64 --resize-max 96 --mask-min 0.05 --mask-max 0.4 "
                         "--learning_rate 0.001", out), 0) << out;
    const auto val = pconv_test::readCsvRows(dir + "/run/val.csv");
    ASSERT_EQ(val.size(), 3u) << out;
    EXPECT_LT(val.back()[3], val.front()[3]) << "validation loss did not decrease:\n" << out;
    EXPECT_GT(val.back()[4], val.front()[4]) << "validation PSNR did not increase:\n" << out;
    EXPECT_EQ(pconv_test::readCsvRows(dir + "/run/train.csv").size(), 12u);
    for (const char* f : {"last.ckpt", "best.ckpt", "val_grid.png", "loss_curve.png"})
        EXPECT_TRUE(std::filesystem::exists(dir + "/run/" + f)) << f;
    cv::Mat grid = cv::imread(dir + "/run/val_grid.png");
    EXPECT_EQ(grid.cols, 4 * 64);
    EXPECT_EQ(grid.rows, 4 * 64);

    ASSERT_EQ(runCommand(tool() + " export --checkpoint=" + dir + "/run/best.ckpt --output=" + dir + "/m.onnx", out), 0)
        << out;
    EXPECT_TRUE(std::filesystem::exists(dir + "/m.onnx"));

    // infer on an image whose size is not a multiple of 16: padded inside, known pixels unchanged.
    cv::Mat img = cv::imread(dir + "/val/photo0.png");
    img = img(cv::Rect(0, 0, 70, 60)).clone();
    cv::Mat mask = cv::Mat::zeros(img.size(), CV_8UC1);
    cv::rectangle(mask, cv::Rect(20, 15, 25, 20), cv::Scalar(255), cv::FILLED);
    cv::imwrite(dir + "/img.png", img);
    cv::imwrite(dir + "/mask.png", mask);
    ASSERT_EQ(runCommand(tool() + " infer --checkpoint " + dir + "/run/best.ckpt --image " + dir + "/img.png --mask " +
                         dir + "/mask.png --output " + dir + "/res.png", out), 0) << out;
    cv::Mat res = cv::imread(dir + "/res.png");
    ASSERT_EQ(res.size(), img.size());
    cv::Mat diff;
    cv::absdiff(res, img, diff);
    cv::Mat known = mask == 0;
    std::vector<cv::Mat> planes;
    cv::split(diff, planes);
    for (const cv::Mat& p : planes)
        EXPECT_EQ(cv::countNonZero(p & known), 0) << "a known pixel changed";
    EXPECT_GT(cv::norm(res, img, cv::NORM_L1), 0.0) << "the hole was not filled";

    ASSERT_EQ(runCommand(tool() + " eval --checkpoint " + dir + "/run/best.ckpt --data " + dir + "/val", out), 0) << out;
    for (const char* b : {"0.01-0.1", "0.1-0.2", "0.5-0.6", "PSNR", "SSIM"})
        EXPECT_NE(out.find(b), std::string::npos) << out;
}

} // namespace

namespace {

using pconv_test::runCommand;

// A checkpoint of a few steps of a tiny net (shared by the tests below; each makes its own).
std::string tinyCheckpoint(const std::string& dir, const std::string& extra = "")
{
    EXPECT_EQ(pconv_test::writePhotoSet(dir + "/data", 4, 40), 4);
    std::string out;
    EXPECT_EQ(runCommand(tool() + " train --data " + dir + "/data --out " + dir + "/stage1 --image_size 32 --layers 3 "
                         "--width 4 --batch_size 2 --steps 3 --log-every 1 --quiet " + extra, out), 0) << out;
    return dir + "/stage1/last.ckpt";
}

// --w-ssim adds 1 - SSIM to the logged total with its weight; --keep-every leaves weight snapshots
// that export like any checkpoint.
TEST(Inpainting_TrainCli, ssim_loss_and_kept_snapshots)
{
    const std::string dir = pconv_test::makeTempDir("cli_ssim");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/data", 4, 40), 4);
    std::string out;
    ASSERT_EQ(runCommand(tool() + " train --data " + dir + "/data --out " + dir + "/o --image_size 32 --layers 3 "
                         "--width 4 --batch_size 2 --steps 5 --log-every 1 --keep-every 2 --w-ssim 2.5 --quiet", out), 0)
        << out;
    const auto rows = pconv_test::readCsvRows(dir + "/o/train.csv");
    ASSERT_EQ(rows.size(), 5u);
    for (const auto& r : rows)
    {
        ASSERT_EQ(r.size(), 15u);   // ..., ssim, adversarial, discriminator
        const double valid = r[7], hole = r[8], tv = r[11], oneMinusSsim = r[12];
        EXPECT_GT(oneMinusSsim, 0.0);
        EXPECT_LT(oneMinusSsim, 1.0);
        EXPECT_NEAR(r[6], valid + 6 * hole + 0.1 * tv + 2.5 * oneMinusSsim, 1e-5 * std::max(1.0, r[6]));
    }
    for (int step : {2, 4})
    {
        const std::string snap = dir + "/o/step_" + std::to_string(step) + ".ckpt";
        ASSERT_TRUE(std::filesystem::exists(snap)) << snap;
        EXPECT_EQ(pconv::readCheckpointInfo(snap).step, step);
        EXPECT_EQ(runCommand(tool() + " export --checkpoint " + snap + " --output " + dir + "/s" + std::to_string(step) +
                             ".onnx", out), 0) << out;
    }
    EXPECT_FALSE(std::filesystem::exists(dir + "/o/step_5.ckpt"));
    EXPECT_FALSE(std::filesystem::exists(dir + "/o/step_1.ckpt"));
}

// Fine-tuning: the encoder's BatchNorm statistics stay as --init left them while the decoder's
// keep learning, the default learning rate drops to 5e-5, and the weights move.
TEST(Inpainting_TrainCli, finetune_freezes_encoder_batchnorm_and_lowers_lr)
{
    const std::string dir = pconv_test::makeTempDir("cli_finetune");
    const std::string init = tinyCheckpoint(dir);
    std::string out;
    ASSERT_EQ(runCommand(tool() + " train --data " + dir + "/data --out " + dir + "/stage2 --image_size 32 --layers 3 "
                         "--width 4 --batch_size 2 --steps 2 --log-every 1 --quiet --finetune --init " + init, out), 0)
        << out;
    pconv::PConvUNet a = pconv::loadModel(init), b = pconv::loadModel(dir + "/stage2/last.ckpt");
    auto ba = a->named_buffers(), bb = b->named_buffers();
    int encoder = 0, decoder = 0;
    for (const auto& kv : ba)
    {
        if (kv.key().find("running_") == std::string::npos)
            continue;
        const bool same = torch::equal(kv.value(), bb[kv.key()]);
        if (kv.key().rfind("enc_bn", 0) == 0)
        {
            encoder++;
            EXPECT_TRUE(same) << kv.key() << " changed while frozen";
        }
        else
        {
            decoder++;
            EXPECT_FALSE(same) << kv.key() << " did not learn";
        }
    }
    EXPECT_EQ(encoder, 4);   // enc_bn2, enc_bn3: running_mean and running_var
    EXPECT_EQ(decoder, 4);
    bool moved = false;
    auto pa = a->named_parameters(), pb = b->named_parameters();
    for (const auto& kv : pa)
        moved = moved || !torch::equal(kv.value(), pb[kv.key()]);
    EXPECT_TRUE(moved) << "fine-tuning changed no weight";
    const auto rows = pconv_test::readCsvRows(dir + "/stage2/train.csv");
    ASSERT_EQ(rows.size(), 2u);
    for (const auto& r : rows)
        EXPECT_DOUBLE_EQ(r[5], 5e-5);
}

// --vgg turns on the perceptual and style terms (off without it), and the logged total is the
// weighted sum of the logged terms with the weights.
TEST(Inpainting_TrainCli, vgg_file_enables_perceptual_and_style_losses)
{
    const std::string dir = pconv_test::makeTempDir("cli_vgg");
    torch::manual_seed(4);
    const int convs[7][2] = {{3, 64}, {64, 64}, {64, 128}, {128, 128}, {128, 256}, {256, 256}, {256, 256}};
    std::vector<torch::Tensor> w;
    for (auto& c : convs)
    {
        w.push_back(torch::randn({c[1], c[0], 3, 3}) * std::sqrt(2.0 / (9.0 * c[0])));
        w.push_back(torch::randn({c[1]}) * 0.1);
    }
    pconv::saveVggWeights(dir + "/vgg.bin", w);
    tinyCheckpoint(dir, "--vgg " + dir + "/vgg.bin");
    const auto rows = pconv_test::readCsvRows(dir + "/stage1/train.csv");
    ASSERT_EQ(rows.size(), 3u);
    for (const auto& r : rows)
    {
        ASSERT_EQ(r.size(), 15u);   // ..., ssim, adversarial, discriminator
        EXPECT_GT(r[9], 0.0) << "perceptual";
        EXPECT_GT(r[10], 0.0) << "style";
        EXPECT_GT(r[12], 0.0) << "1 - SSIM is logged even with weight 0, and not counted";
        const double total = r[7] + 6 * r[8] + 0.05 * r[9] + 120 * r[10] + 0.1 * r[11];
        EXPECT_NEAR(r[6], total, 1e-4 * total);
    }
    std::string out;
    ASSERT_EQ(runCommand(tool() + " train --data " + dir + "/data --out " + dir + "/novgg --image_size 32 --layers 3 "
                         "--width 4 --batch_size 2 --steps 1 --quiet", out), 0) << out;
    const auto plain = pconv_test::readCsvRows(dir + "/novgg/train.csv");
    ASSERT_EQ(plain.size(), 1u);
    EXPECT_EQ(plain[0][9], 0.0);
    EXPECT_EQ(plain[0][10], 0.0);
}

// A loss that really overflows (no test hook): exit 3 with the message, and no checkpoint claimed.
TEST(Inpainting_TrainCli, overflowing_loss_stops_the_run)
{
    const std::string dir = pconv_test::makeTempDir("cli_inf");
    pconv_test::writePhotoSet(dir + "/data", 3, 40);
    std::string out;
    // 1e39 is finite as the double the flag holds but not as the float the loss is computed in.
    const int rc = runCommand(tool() + " train --data " + dir + "/data --out " + dir + "/o --image_size 32 --layers 3 "
                              "--width 4 --batch_size 2 --steps 3 --quiet --w-hole 1e39", out);
    EXPECT_EQ(rc, 3) << out;
    EXPECT_NE(out.find("infinite at step 1"), std::string::npos) << out;
    EXPECT_NE(out.find("none written yet"), std::string::npos) << out;
    EXPECT_FALSE(std::filesystem::exists(dir + "/o/last.ckpt"));
}

// eval: one CSV row per image and bucket; the table's means are the CSV's; the hole is what
// differs (PSNR of the hole below the whole composite's, whose known pixels are exact).
TEST(Inpainting_TrainCli, eval_table_matches_its_csv)
{
    const std::string dir = pconv_test::makeTempDir("cli_eval");
    const std::string ckpt = tinyCheckpoint(dir);
    std::string out;
    ASSERT_EQ(runCommand(tool() + " eval --checkpoint " + ckpt + " --data " + dir + "/data --csv " + dir + "/e.csv",
                         out), 0) << out;
    std::ifstream f(dir + "/e.csv");
    std::string line;
    std::getline(f, line);
    EXPECT_EQ(line, "file,bucket,hole_ratio,l1_hole,psnr,psnr_hole,ssim,mse");
    std::map<std::string, std::vector<double>> sum;   // bucket -> n, l1, psnr, psnr_hole, ssim, mse
    int rows = 0;
    while (std::getline(f, line))
    {
        std::stringstream ss(line);
        std::vector<std::string> c;
        std::string x;
        while (std::getline(ss, x, ','))
            c.push_back(x);
        ASSERT_EQ(c.size(), 8u) << line;
        rows++;
        const double l1 = std::atof(c[3].c_str()), psnr = std::atof(c[4].c_str()), psnrHole = std::atof(c[5].c_str()),
                     ssim = std::atof(c[6].c_str()), mse = std::atof(c[7].c_str());
        EXPECT_GT(l1, 0.0) << line;
        EXPECT_LT(psnrHole, psnr) << line;
        EXPECT_GT(ssim, 0.0) << line;
        EXPECT_LE(ssim, 1.0) << line;
        EXPECT_NEAR(psnr, 10 * std::log10(1 / mse), 1e-3) << line; // PSNR is the MSE's, whole image
        auto& s = sum[c[1]];
        s.resize(6, 0.0);
        s[0] += 1;
        s[1] += l1;
        s[2] += psnr;
        s[3] += psnrHole;
        s[4] += ssim;
        s[5] += mse;
    }
    EXPECT_EQ(rows, 4 * 6);   // 4 images, one mask per bucket
    EXPECT_EQ(sum.size(), 6u);
    // Table columns: bucket n L1 PSNR PSNR-hole SSIM MSE, printed to 4, 2, 2, 4, 6 decimals from means
    // of unrounded values; the CSV's values are rounded to 6, 4, 4, 5, 7 decimals.
    std::stringstream table(out);
    int buckets = 0;
    while (std::getline(table, line))
    {
        char name[64];
        int n = 0;
        double l1, psnr, psnrHole, ssim, mse;
        if (std::sscanf(line.c_str(), "%63s %d %lf %lf %lf %lf %lf", name, &n, &l1, &psnr, &psnrHole, &ssim, &mse) != 7 ||
            !sum.count(name))
            continue;
        buckets++;
        const auto& s = sum[name];
        EXPECT_EQ(n, (int)s[0]) << line;
        EXPECT_NEAR(l1, s[1] / s[0], 0.5e-4 + 0.5e-6) << line;
        EXPECT_NEAR(psnr, s[2] / s[0], 0.5e-2 + 0.5e-4) << line;
        EXPECT_NEAR(psnrHole, s[3] / s[0], 0.5e-2 + 0.5e-4) << line;
        EXPECT_NEAR(ssim, s[4] / s[0], 0.5e-4 + 0.5e-5) << line;
        EXPECT_NEAR(mse, s[5] / s[0], 0.5e-6 + 0.5e-7) << line;
    }
    EXPECT_EQ(buckets, 6) << out;
}

} // namespace

namespace {

// `bench` runs both sides of each comparison (tiny sizes: this checks that it works, not speed).
TEST(Inpainting_TrainCli, bench_runs_training_and_both_inference_paths)
{
    std::string out;
    ASSERT_EQ(runCommand(tool() + " bench --width 4 --sizes 32 --batch 2 --steps 1 --infer-size 64 --infer-layers 3 "
                         "--infer-width 4 --infer-runs 1", out), 0) << out;
    EXPECT_NE(out.find("PConv img/s"), std::string::npos) << out;
    EXPECT_NE(out.find("\n32 "), std::string::npos) << out;
    EXPECT_NE(out.find("LibTorch forward"), std::string::npos) << out;
    EXPECT_NE(out.find("OpenCV PartialConvInpainter"), std::string::npos) << out;
    EXPECT_NE(out.find("ratio OpenCV/LibTorch"), std::string::npos) << out;
    EXPECT_EQ(runCommand(tool() + " bench --sizes 100", out), 2) << out;
    EXPECT_NE(out.find("--sizes"), std::string::npos) << out;
}

} // namespace

namespace {

// --masks=DIR replaces the generator: with mask images that hold no hole the hole term is exactly
// 0, with all-hole ones the valid term is (a generated mask would give both terms).
TEST(Inpainting_TrainCli, masks_folder_replaces_generated_masks)
{
    const std::string dir = pconv_test::makeTempDir("cli_masks");
    ASSERT_EQ(pconv_test::writePhotoSet(dir + "/data", 3, 40), 3);
    std::filesystem::create_directories(dir + "/none");
    std::filesystem::create_directories(dir + "/all");
    ASSERT_TRUE(cv::imwrite(dir + "/none/m.png", cv::Mat::zeros(20, 30, CV_8UC1)));
    ASSERT_TRUE(cv::imwrite(dir + "/all/m.png", cv::Mat(20, 30, CV_8UC1, cv::Scalar(255))));
    for (const char* kind : {"none", "all"})
    {
        std::string out;
        ASSERT_EQ(runCommand(tool() + " train --data " + dir + "/data --out " + dir + "/o_" + kind + " --masks " + dir +
                             "/" + kind + " --image_size 32 --layers 3 --width 4 --batch_size 2 --steps 1 --quiet", out), 0)
            << out;
        const auto rows = pconv_test::readCsvRows(dir + "/o_" + kind + "/train.csv");
        ASSERT_EQ(rows.size(), 1u);
        const bool noHole = std::string(kind) == "none";
        EXPECT_EQ(rows[0][8], noHole ? 0.0 : rows[0][8]) << "hole term with masks '" << kind << "'";
        EXPECT_EQ(rows[0][7], noHole ? rows[0][7] : 0.0) << "valid term with masks '" << kind << "'";
        EXPECT_GT(noHole ? rows[0][7] : rows[0][8], 0.0) << kind;
    }
}

} // namespace
