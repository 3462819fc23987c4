// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

#include "cli.hpp"

#include <thread>

#include "util.hpp"

namespace pconv {

namespace {

int hardwareCores()
{
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : (int)n;
}

CLI::App* addTrainCommand(CLI::App& app, TrainFlags& f)
{
    TrainOptions& t = f.options;
    CLI::App* tr = app.add_subcommand("train", "Train (or resume) a model");
    tr->add_option("--data", t.data.dir, "Folder of training images")->required();
    tr->add_option("--val-data,--val_data", t.valDir, "Folder of validation images (PSNR/SSIM, best checkpoint)");
    tr->add_option("--out", t.out, "Output folder: checkpoints, CSV logs, PNG pictures")->required();
    tr->add_option("--image_size,--image-size", t.data.imageSize, "Square crop side (multiple of 2^layers)")
        ->capture_default_str();
    tr->add_option("--batch_size,--batch-size", t.batchSize, "Images per step")->capture_default_str();
    tr->add_option("--epochs", t.epochs, "Passes over the training images (ignored when --steps is given)")
        ->capture_default_str();
    tr->add_option("--steps", t.steps, "Total optimiser steps (0 = from --epochs)")->capture_default_str();
    f.learningRate = tr->add_option("--learning_rate,--learning-rate,--lr", t.learningRate,
                                    "Adam learning rate (default 5e-5 with --finetune)")
                         ->capture_default_str();
    tr->add_option("--mask_ratio,--mask-ratio", f.maskRatio,
                   "Target hole ratio of generated masks: drawn in [ratio-0.1, ratio+0.1]")
        ->capture_default_str();
    tr->add_option("--mask-min", f.maskMin, "Lowest hole ratio (overrides --mask_ratio with --mask-max)");
    tr->add_option("--mask-max", f.maskMax, "Highest hole ratio (overrides --mask_ratio with --mask-min)");
    tr->add_option("--mask-kind", t.data.maskKinds, "cv::inpainting::MaskKinds: 0 rect, 1-3 thin/medium/thick strokes, "
                                                   "4 strokes, 5 mixed, 6 polygons, 7 border, 8 scratches (1-3 px); "
                                                   "a comma list (e.g. 5,7,8) mixes them in equal shares")
        ->capture_default_str()->delimiter(',')->check(CLI::IsMember({0, 1, 2, 3, 4, 5, 6, 7, 8}));
    tr->add_option("--masks", t.data.masksDir, "Folder of mask images (non-zero = hole) instead of generated masks");
    tr->add_option("--resize-min", t.data.resizeMin, "Shorter side drawn in [min, max] before cropping (0 = native)")
        ->capture_default_str();
    tr->add_option("--resize-max", t.data.resizeMax, "See --resize-min")->capture_default_str();
    tr->add_option("--layers", t.net.layers, "Encoder depth (7 for 256, 8 for 512)")->capture_default_str();
    tr->add_option("--width", t.net.width, "Base channel width (64 as the paper; smaller for CPU)")
        ->capture_default_str();
    tr->add_option("--conv", f.conv, "partial: partial convolutions (Liu et al. 2018); gated: gated convolutions "
                                     "(Yu et al. 2019), exported with standard ONNX operators only")
        ->capture_default_str()->check(CLI::IsMember({"partial", "gated"}));
    tr->add_flag("--finetune", t.finetune, "Second stage: encoder BatchNorm frozen, lr 5e-5");
    tr->add_flag("--resume", t.resume, "Continue from <out>/last.ckpt (model, optimiser, step, RNG); "
                                       "starts a new run if there is none");
    tr->add_option("--init", t.init, "Start from the weights of this checkpoint (e.g. for --finetune)");
    tr->add_option("--seed", f.seed, "Seed of initialisation, crops and masks")->capture_default_str();
    tr->add_option("--device", t.device, "cpu, cuda, cuda:N")->capture_default_str();
    tr->add_option("--vgg", t.vgg, "VGG16 weights (convert_vgg16.py): enables the perceptual and style losses");
    tr->add_option("--val-every,--val_every", t.valEvery, "Steps between validations (0 = at the end only)")
        ->capture_default_str();
    tr->add_option("--val-count", t.valCount, "Validation images used (0 = all)")->capture_default_str();
    tr->add_option("--checkpoint-every,--checkpoint_every", t.checkpointEvery, "Steps between checkpoints")
        ->capture_default_str();
    tr->add_option("--checkpoint-minutes", t.checkpointMinutes,
                   "Also validate and checkpoint after this many minutes since the last checkpoint (0 = off)")
        ->capture_default_str();
    tr->add_option("--log-every", t.logEvery, "Steps between log lines and CSV rows")->capture_default_str();
    tr->add_option("--keep-every", t.keepEvery,
                   "Also keep the weights of every N-th step as <out>/step_N.ckpt, to choose one later (0 = never)")
        ->capture_default_str();
    tr->add_option("--time-limit", t.timeLimitMinutes, "Stop with a checkpoint after this many minutes (0 = none)")
        ->capture_default_str();
    tr->add_option("--w-valid", t.weights.valid, "Weight of the valid-pixel L1 loss")->capture_default_str();
    tr->add_option("--w-hole", t.weights.hole, "Weight of the hole-pixel L1 loss")->capture_default_str();
    tr->add_option("--w-perceptual", t.weights.perceptual, "Weight of the perceptual loss (needs --vgg)")
        ->capture_default_str();
    tr->add_option("--w-style", t.weights.style, "Weight of the style loss (needs --vgg)")->capture_default_str();
    tr->add_option("--w-tv", t.weights.tv, "Weight of the total-variation loss")->capture_default_str();
    tr->add_option("--w-ssim", t.weights.ssim, "Weight of the 1 - SSIM loss of the composite (the evaluation's SSIM)")
        ->capture_default_str();
    CLI::Option* wAdv = tr->add_option("--w-adv", t.adversarial.weight,
                                        "Weight of the adversarial loss: fine-tuning against an SN-PatchGAN "
                                        "discriminator with the hinge loss (DeepFill v2); 0 = off")
                            ->capture_default_str();
    tr->add_option("--d-lr", t.adversarial.learningRate, "The discriminator's Adam learning rate (with --w-adv)")
        ->capture_default_str()->needs(wAdv);
    tr->add_option("--d-steps", t.adversarial.steps, "Discriminator updates per generator step (with --w-adv)")
        ->capture_default_str()->needs(wAdv);
    tr->add_option("--d-width", t.adversarial.width, "The discriminator's base width (with --w-adv)")
        ->capture_default_str()->needs(wAdv);
    tr->add_option("--mask-curriculum", t.data.maskCurriculum,
                   "Ramp the upper hole ratio from --mask-min to --mask-max over this many steps (0 = off)")
        ->capture_default_str();
    tr->add_flag("--bf16", t.bf16, "bfloat16 autocast on the CPU for the forward pass and the losses (weights, "
                                   "gradients, Adam and validation in float)");
    tr->add_flag("--quiet", t.quiet, "No progress lines (validation lines only)");
    tr->add_option("--dist-timeout", t.distTimeoutSeconds,
                   "Data-parallel runs (torchrun's WORLD_SIZE, RANK, MASTER_ADDR, MASTER_PORT set): seconds to "
                   "wait for another rank (rendezvous, each all-reduce) before giving up, in [1, 86400]")
        ->capture_default_str();
    return tr;
}

CLI::App* addExportCommand(CLI::App& app, ExportFlags& f)
{
    CLI::App* ex = app.add_subcommand("export", "Write the ONNX model for cv::inpainting::PartialConvInpainter");
    ex->add_option("--checkpoint", f.checkpoint, "Checkpoint file")->required();
    ex->add_option("--output", f.output, "ONNX file to write")->required();
    ex->add_option("--size", f.size, "Declared input side (0 = the training crop size)")
        ->capture_default_str()->check(CLI::NonNegativeNumber);
    ex->add_flag("--half", f.half, "Store the convolution weights as FLOAT16 (about half the file; "
                                   "PartialConvInpainter widens them to float on load)")
        ->capture_default_str();
    return ex;
}


CLI::App* addInferCommand(CLI::App& app, InferFlags& f)
{
    CLI::App* in = app.add_subcommand("infer", "Inpaint one image with the LibTorch model");
    in->add_option("--checkpoint", f.checkpoint, "Checkpoint file")->required();
    in->add_option("--image", f.image, "Input image")->required();
    in->add_option("--mask", f.mask, "Mask image, non-zero = hole, same size")->required();
    in->add_option("--output", f.output, "Result image")->required();
    return in;
}

CLI::App* addEvalCommand(CLI::App& app, EvalOptions& ev)
{
    CLI::App* evc = app.add_subcommand("eval", "L1/PSNR/SSIM per hole-ratio bucket on a folder of images");
    evc->add_option("--checkpoint", ev.checkpoint, "Checkpoint file")->required();
    evc->add_option("--data", ev.data, "Folder of images")->required();
    evc->add_option("--resize", ev.resize, "Shorter side before the centre crop (0 = training crop size)")
        ->capture_default_str();
    evc->add_option("--max-images", ev.maxImages, "Images used (0 = all)")->capture_default_str();
    evc->add_option("--seed", ev.seed, "Seed of the masks")->capture_default_str();
    evc->add_option("--csv", ev.csv, "Also write per-image rows to this CSV");
    return evc;
}

CLI::App* addBenchCommand(CLI::App& app, BenchOptions& bo)
{
    CLI::App* bc = app.add_subcommand("bench", "Training step PConv vs plain convs; inference LibTorch vs OpenCV");
    bc->add_option("--width", bo.width, "Base width of the trained nets")->capture_default_str();
    bc->add_option("--sizes", bo.sizes, "Crop sizes")->capture_default_str()->delimiter(',');
    bc->add_option("--batch", bo.batch, "Batch size")->capture_default_str();
    bc->add_option("--steps", bo.steps, "Timed steps per net and size")->capture_default_str();
    bc->add_option("--infer-size", bo.inferSize, "Inference side (0 = skip)")->capture_default_str();
    bc->add_option("--infer-layers", bo.inferLayers, "Inference net depth")->capture_default_str();
    bc->add_option("--infer-width", bo.inferWidth, "Inference net width")->capture_default_str();
    bc->add_option("--infer-runs", bo.inferRuns, "Timed inference runs")->capture_default_str();
    bc->add_flag("--gated", bo.gated, "Also time the gated-convolution U-Net: training step and inference (LibTorch, "
                                      "OpenCV DNN)");
    bc->add_flag("--bf16", bo.bf16, "Also time the PConv training step under bfloat16 autocast (ratio to float)");
    return bc;
}

} // namespace

CommandLine::CommandLine()
    : app("pconv_train: trains the partial-convolution U-Net of opencv_inpainting (Liu et al. 2018), "
          "evaluates it, exports it to ONNX for cv::inpainting::PartialConvInpainter, and runs it."),
      threads(hardwareCores())
{
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Help of every subcommand");
    // The tool's own options may follow the subcommand too (`pconv_train train ... --threads 2`):
    // a subcommand passes the options it does not know to its parent (set before the subcommands,
    // which inherit it).
    app.fallthrough();
    app.add_option("--threads", threads, "LibTorch and OpenCV threads (default: the machine's cores); "
                                         "before or after the command")
        ->capture_default_str();
    trainCommand = addTrainCommand(app, train);
    exportCommand = addExportCommand(app, exportFlags);
    inferCommand = addInferCommand(app, infer);
    evalCommand = addEvalCommand(app, eval);
    benchCommand = addBenchCommand(app, bench);
}

//! The flags that need more than a range check on one value: the mask-ratio forms, the fine-tune rate.
TrainOptions trainOptionsFromFlags(const TrainFlags& f)
{
    TrainOptions t = f.options;
    if (f.maskMin > 0 || f.maskMax > 0)
    {
        if (!(f.maskMin > 0 && f.maskMin <= f.maskMax && f.maskMax < 1))
            throw BadInput("--mask-min/--mask-max: need 0 < min <= max < 1, got " + std::to_string(f.maskMin) + ", " +
                           std::to_string(f.maskMax));
        t.data.maskMin = f.maskMin;
        t.data.maskMax = f.maskMax;
    }
    else
    {
        if (!(f.maskRatio > 0 && f.maskRatio < 0.95))
            throw BadInput("--mask_ratio must be in (0, 0.95), got " + std::to_string(f.maskRatio));
        t.data.maskMin = std::max(0.01, f.maskRatio - 0.1);
        t.data.maskMax = std::min(0.95, f.maskRatio + 0.1);
    }
    if (t.finetune && f.learningRate->count() == 0)
        t.learningRate = 5e-5;
    t.data.seed = f.seed;
    t.net.gated = f.conv == "gated";
    return t;
}

} // namespace pconv
