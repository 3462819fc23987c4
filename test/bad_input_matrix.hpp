// This file is part of the opencv_inpainting module.
// It is subject to the license terms in the LICENSE file found in the top-level directory.

// The bad-input matrix (doc/bad_input.md) as data: each row is an entry point, each cell a check of
// one kind of bad input. Rows register themselves from any test file; test_bad_input.cpp checks that
// the registered cells and the cells of the table in the doc are the same set.

#ifndef OPENCV_INPAINTING_TEST_BAD_INPUT_MATRIX_HPP
#define OPENCV_INPAINTING_TEST_BAD_INPUT_MATRIX_HPP

#include <functional>
#include <string>
#include <vector>

#include "opencv2/core.hpp"

namespace opencv_test_inpainting {

struct BadInputCell
{
    std::string column;                                  //!< a column heading of the doc's table
    std::function<void(const std::string& dir)> check;   //!< gtest assertions; `dir` is a scratch folder
};

struct BadInputRow
{
    std::string name; //!< the first cell of the doc's row, without backquotes
    std::vector<BadInputCell> cells;
};

std::vector<BadInputRow>& badInputRows();

//! Registers a row at static initialisation: `BadInputRegistrar row("inpaint", { {...}, ... });`
struct BadInputRegistrar
{
    BadInputRegistrar(const std::string& row, std::vector<BadInputCell> cells);
};

//! Runs every cell of one row (in a fresh scratch folder), each under a SCOPED_TRACE.
void runBadInputRow(const std::string& row);

//! Runs a command; expects its exit code, and `expect` in its output; for exit code 2 also that
//! the output is exactly one line.
void expectCli(const std::string& command, int exitCode, const std::string& expect);

//! A smooth image of any type (ramps per channel, well inside the type's range).
cv::Mat rampImage(cv::Size size, int type);

//! CV_8UC1 of `size`, 255 inside `hole`.
cv::Mat holeMask(cv::Size size, cv::Rect hole);

//! Whether a and b have the same size and type and equal bytes wherever mask is 0.
bool sameKnownPixels(const cv::Mat& a, const cv::Mat& b, const cv::Mat& mask);

//! A corrupt DICOM-like file on which OpenCV's DICOM reader (GDCM) aborted the process: the seed
//! `name` of fuzz/corpus/train_data without the fuzzer's 4 option bytes.
std::string dicomAbortBytes(const std::string& name = "regress_dicom_abort");

//! Writes raw bytes to a file.
void writeBytes(const std::string& path, const std::string& bytes);

} // namespace opencv_test_inpainting

#endif
