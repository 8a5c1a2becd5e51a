//===- HostTensor.cpp - tensors in host memory for kiln-run ---------------===//

#include "HostTensor.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>
#include <fstream>

using namespace mlir::kiln;
using llvm::StringRef;

std::optional<DType> mlir::kiln::dtypeOf(mlir::Type type) {
  if (type.isF16())
    return DType::F16;
  if (type.isBF16())
    return DType::BF16;
  if (type.isF32())
    return DType::F32;
  if (type.isF64())
    return DType::F64;
  if (type.isSignlessInteger(1))
    return DType::I1;
  if (type.isSignlessInteger(8))
    return DType::I8;
  if (type.isSignlessInteger(16))
    return DType::I16;
  if (type.isSignlessInteger(32))
    return DType::I32;
  if (type.isSignlessInteger(64))
    return DType::I64;
  return std::nullopt;
}

StringRef mlir::kiln::dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return "f16";
  case DType::BF16:
    return "bf16";
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  case DType::I1:
    return "i1";
  case DType::I8:
    return "i8";
  case DType::I16:
    return "i16";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  }
  llvm_unreachable("all dtypes handled");
}

size_t mlir::kiln::dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::F16:
  case DType::BF16:
  case DType::I16:
    return 2;
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F64:
  case DType::I64:
    return 8;
  case DType::I1:
  case DType::I8:
    return 1;
  }
  llvm_unreachable("all dtypes handled");
}

static std::optional<DType> parseDTypeName(StringRef name) {
  for (DType d : {DType::F16, DType::BF16, DType::F32, DType::F64, DType::I1,
                  DType::I8, DType::I16, DType::I32, DType::I64})
    if (dtypeName(d) == name)
      return d;
  return std::nullopt;
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Fails unless a tensor of `shape` and `dtype` fits in memory limits
/// (at most 2^40 bytes) without overflowing.
static llvm::Error checkSize(llvm::ArrayRef<int64_t> shape, DType dtype) {
  uint64_t bytes = dtypeSize(dtype);
  for (int64_t d : shape) {
    if (d != 0 && bytes > (uint64_t(1) << 40) / uint64_t(d))
      return llvm::createStringError("tensor too large (more than 2^40 bytes)");
    bytes *= uint64_t(d);
  }
  return llvm::Error::success();
}

std::string HostTensor::typeString() const {
  std::string s;
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + dtypeName(dtype).str();
}

static const llvm::fltSemantics &halfSemantics(DType dtype) {
  return dtype == DType::F16 ? llvm::APFloat::IEEEhalf()
                             : llvm::APFloat::BFloat();
}

double HostTensor::elementAsDouble(int64_t i) const {
  const uint8_t *p = bytes.data() + i * dtypeSize(dtype);
  switch (dtype) {
  case DType::F16:
  case DType::BF16: {
    uint16_t bits;
    std::memcpy(&bits, p, 2);
    llvm::APFloat value(halfSemantics(dtype), llvm::APInt(16, bits));
    bool lost;
    value.convert(llvm::APFloat::IEEEdouble(),
                  llvm::APFloat::rmNearestTiesToEven, &lost);
    return value.convertToDouble();
  }
  case DType::F32: {
    float v;
    std::memcpy(&v, p, 4);
    return v;
  }
  case DType::F64: {
    double v;
    std::memcpy(&v, p, 8);
    return v;
  }
  case DType::I1:
    return *p ? 1 : 0;
  case DType::I8:
    return static_cast<int8_t>(*p);
  case DType::I16: {
    int16_t v;
    std::memcpy(&v, p, 2);
    return v;
  }
  case DType::I32: {
    int32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  case DType::I64: {
    int64_t v;
    std::memcpy(&v, p, 8);
    return static_cast<double>(v);
  }
  }
  llvm_unreachable("all dtypes handled");
}

/// Stores `text` (a number) as element `i`.
static llvm::Error storeElement(HostTensor &t, int64_t i, StringRef text) {
  uint8_t *p = t.bytes.data() + i * dtypeSize(t.dtype);
  text = text.trim();
  auto bad = [&] {
    return llvm::createStringError("'" + text.str() + "' is not a valid " +
                                   dtypeName(t.dtype).str() + " value");
  };
  switch (t.dtype) {
  case DType::F16:
  case DType::BF16:
  case DType::F32:
  case DType::F64: {
    double v;
    if (text.getAsDouble(v))
      return bad();
    if (t.dtype == DType::F32) {
      float f = static_cast<float>(v);
      std::memcpy(p, &f, 4);
    } else if (t.dtype == DType::F64) {
      std::memcpy(p, &v, 8);
    } else {
      llvm::APFloat value(v);
      bool lost;
      value.convert(halfSemantics(t.dtype), llvm::APFloat::rmNearestTiesToEven,
                    &lost);
      uint16_t bits = value.bitcastToAPInt().getZExtValue();
      std::memcpy(p, &bits, 2);
    }
    return llvm::Error::success();
  }
  case DType::I1:
  case DType::I8:
  case DType::I16:
  case DType::I32:
  case DType::I64: {
    int64_t v;
    if (text == "true" || text == "false")
      v = text == "true";
    else if (text.getAsInteger(10, v))
      return bad();
    if (t.dtype == DType::I1) {
      *p = v != 0;
    } else if (t.dtype == DType::I8) {
      if (v < INT8_MIN || v > INT8_MAX)
        return bad();
      *p = static_cast<uint8_t>(static_cast<int8_t>(v));
    } else if (t.dtype == DType::I16) {
      if (v < INT16_MIN || v > INT16_MAX)
        return bad();
      int16_t w = static_cast<int16_t>(v);
      std::memcpy(p, &w, 2);
    } else if (t.dtype == DType::I32) {
      if (v < INT32_MIN || v > INT32_MAX)
        return bad();
      int32_t w = static_cast<int32_t>(v);
      std::memcpy(p, &w, 4);
    } else {
      std::memcpy(p, &v, 8);
    }
    return llvm::Error::success();
  }
  }
  llvm_unreachable("all dtypes handled");
}

llvm::Expected<HostTensor> mlir::kiln::parseTensorLiteral(StringRef text) {
  auto [type, values] = text.split('=');
  if (values.empty() && !text.contains('='))
    return llvm::createStringError(
        "expected TYPE=VALUES such as 2x3xf32=1,2,3,4,5,6, got '" + text.str() +
        "'");
  llvm::SmallVector<StringRef> parts;
  type.split(parts, 'x');
  HostTensor tensor;
  std::optional<DType> dtype = parseDTypeName(parts.back());
  if (!dtype)
    return llvm::createStringError("unknown element type '" +
                                   parts.back().str() +
                                   "' (expected f16, bf16, f32, f64, i1, "
                                   "i8, i16, i32 or i64)");
  tensor.dtype = *dtype;
  for (StringRef dim : llvm::ArrayRef(parts).drop_back()) {
    int64_t size;
    if (dim.getAsInteger(10, size) || size < 0)
      return llvm::createStringError("bad dimension '" + dim.str() + "' in '" +
                                     type.str() + "'");
    tensor.shape.push_back(size);
  }
  if (llvm::Error e = checkSize(tensor.shape, tensor.dtype))
    return std::move(e);
  int64_t count = tensor.numElements();
  // A literal is command-line text: one value may fill a large tensor, but
  // not one that would exhaust memory (found by fuzzing).
  constexpr int64_t kMaxLiteralBytes = int64_t(1) << 32;
  if (count * dtypeSize(tensor.dtype) > kMaxLiteralBytes)
    return llvm::createStringError("literal tensor '" + type.str() +
                                   "' is larger than 4 GiB: pass it as a "
                                   ".npy file");
  tensor.bytes.assign(count * dtypeSize(tensor.dtype), 0);
  llvm::SmallVector<StringRef> items;
  values.split(items, ',');
  if (items.size() == 1 && count != 1) {
    // One value fills the tensor: parse it once, then replicate its bytes.
    if (count == 0)
      return tensor;
    if (llvm::Error e = storeElement(tensor, 0, items[0]))
      return std::move(e);
    size_t size = dtypeSize(tensor.dtype);
    for (int64_t i = 1; i < count; ++i)
      std::memcpy(tensor.bytes.data() + i * size, tensor.bytes.data(), size);
    return tensor;
  }
  if (static_cast<int64_t>(items.size()) != count)
    return llvm::createStringError(type.str() + " needs " +
                                   std::to_string(count) + " values, got " +
                                   std::to_string(items.size()));
  for (int64_t i = 0; i < count; ++i)
    if (llvm::Error e = storeElement(tensor, i, items[i]))
      return std::move(e);
  return tensor;
}

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

static std::optional<DType> dtypeOfDescr(StringRef descr) {
  if (descr == "<f2")
    return DType::F16;
  if (descr == "<f4")
    return DType::F32;
  if (descr == "<f8")
    return DType::F64;
  if (descr == "|b1")
    return DType::I1;
  // Kiln's integers are signless: unsigned data (an ONNX model's UINT8
  // inputs) is read as the integers of its width, bit for bit.
  if (descr == "|i1" || descr == "|u1")
    return DType::I8;
  if (descr == "<i2" || descr == "<u2")
    return DType::I16;
  if (descr == "<i4" || descr == "<u4")
    return DType::I32;
  if (descr == "<i8" || descr == "<u8")
    return DType::I64;
  return std::nullopt;
}

static StringRef descrOf(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return "<f2";
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::I1:
    return "|b1";
  case DType::I8:
    return "|i1";
  case DType::I16:
    return "<i2";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  case DType::BF16:
    return "";
  }
  llvm_unreachable("all dtypes handled");
}

/// The quoted value of `'key': ...` in a .npy header dictionary.
static std::optional<StringRef> headerField(StringRef header, StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(at + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  return rest.ltrim();
}

llvm::Expected<HostTensor> mlir::kiln::readNpy(StringRef path) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!file)
    return llvm::createStringError("cannot read '" + path.str() +
                                   "': " + file.getError().message());
  return parseNpy((*file)->getBuffer(), path);
}

llvm::Expected<HostTensor> mlir::kiln::parseNpy(StringRef data,
                                                StringRef path) {
  auto malformed = [&](const std::string &why) {
    return llvm::createStringError("'" + path.str() +
                                   "' is not a valid .npy file: " + why);
  };
  if (!data.starts_with("\x93NUMPY") || data.size() < 10)
    return malformed("missing the \\x93NUMPY magic");
  uint8_t major = data[6];
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = uint8_t(data[8]) | (uint8_t(data[9]) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (data.size() < 12)
      return malformed("truncated header");
    headerLength = uint32_t(uint8_t(data[8])) |
                   (uint32_t(uint8_t(data[9])) << 8) |
                   (uint32_t(uint8_t(data[10])) << 16) |
                   (uint32_t(uint8_t(data[11])) << 24);
    headerStart = 12;
  } else {
    return malformed("unsupported version " + std::to_string(major));
  }
  if (headerStart + headerLength > data.size())
    return malformed("truncated header");
  StringRef header = data.substr(headerStart, headerLength);

  HostTensor tensor;
  std::optional<StringRef> descr = headerField(header, "descr");
  std::optional<StringRef> fortran = headerField(header, "fortran_order");
  std::optional<StringRef> shape = headerField(header, "shape");
  if (!descr || !fortran || !shape)
    return malformed("header lacks descr, fortran_order or shape");
  StringRef descrValue =
      descr->drop_front(1).take_until([](char c) { return c == '\''; });
  std::optional<DType> dtype = dtypeOfDescr(descrValue);
  if (!dtype)
    return malformed("unsupported dtype '" + descrValue.str() +
                     "' (expected <f2, <f4, <f8, |b1, |i1, <i2, <i4 or "
                     "<i8, or the unsigned ones of those widths)");
  tensor.dtype = *dtype;
  if (fortran->starts_with("True"))
    return malformed("Fortran-ordered arrays are not supported");
  if (!shape->consume_front("("))
    return malformed("bad shape");
  StringRef dims = shape->take_until([](char c) { return c == ')'; });
  llvm::SmallVector<StringRef> items;
  dims.split(items, ',', -1, /*KeepEmpty=*/false);
  for (StringRef item : items) {
    item = item.trim();
    if (item.empty())
      continue;
    int64_t size;
    if (item.getAsInteger(10, size) || size < 0)
      return malformed("bad dimension '" + item.str() + "'");
    tensor.shape.push_back(size);
  }
  if (llvm::Error e = checkSize(tensor.shape, tensor.dtype))
    return malformed(llvm::toString(std::move(e)));
  size_t bytes = tensor.numElements() * dtypeSize(tensor.dtype);
  StringRef payload = data.drop_front(headerStart + headerLength);
  if (payload.size() != bytes)
    return malformed("expected " + std::to_string(bytes) +
                     " bytes of data, found " + std::to_string(payload.size()));
  tensor.bytes.assign(payload.begin(), payload.end());
  return tensor;
}

llvm::Error mlir::kiln::writeNpy(const HostTensor &tensor, StringRef path) {
  StringRef descr = descrOf(tensor.dtype);
  if (descr.empty())
    return llvm::createStringError("bf16 tensors cannot be written as .npy");
  std::string shape = "(";
  for (int64_t d : tensor.shape)
    shape += std::to_string(d) + ",";
  if (tensor.shape.size() > 1)
    shape.pop_back();
  shape += ")";
  std::string header = "{'descr': '" + descr.str() +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad so that the data starts at a multiple of 64 bytes.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return llvm::createStringError("cannot write '" + path.str() +
                                   "': " + ec.message());
  os << "\x93NUMPY" << char(1) << char(0) << char(header.size() & 0xff)
     << char(header.size() >> 8) << header;
  os.write(reinterpret_cast<const char *>(tensor.bytes.data()),
           tensor.bytes.size());
  return llvm::Error::success();
}

void mlir::kiln::printTensor(const HostTensor &tensor, llvm::raw_ostream &os) {
  os << tensor.typeString() << "=";
  for (int64_t i = 0, e = tensor.numElements(); i < e; ++i) {
    if (i)
      os << ",";
    double v = tensor.elementAsDouble(i);
    switch (tensor.dtype) {
    case DType::I64: {
      int64_t w;
      std::memcpy(&w, tensor.bytes.data() + i * 8, 8);
      os << w;
      break;
    }
    case DType::I1:
    case DType::I8:
    case DType::I16:
    case DType::I32:
      os << static_cast<int64_t>(v);
      break;
    case DType::F64:
      os << llvm::format("%.17g", v);
      break;
    case DType::F32:
      os << llvm::format("%.9g", v);
      break;
    default:
      os << llvm::format("%.5g", v);
    }
  }
}

HostTensor mlir::kiln::readDescriptor(const int64_t *words, DType dtype,
                                      int64_t rank) {
  HostTensor tensor;
  tensor.dtype = dtype;
  for (int64_t d = 0; d < rank; ++d)
    tensor.shape.push_back(words[3 + d]);
  size_t element = dtypeSize(dtype);
  int64_t count = tensor.numElements();
  tensor.bytes.resize(count * element);
  auto *base = reinterpret_cast<const uint8_t *>(words[1]) + words[2] * element;
  for (int64_t i = 0; i < count; ++i) {
    int64_t offset = 0, rest = i;
    for (int64_t d = rank - 1; d >= 0; --d) {
      offset += (rest % tensor.shape[d]) * words[3 + rank + d];
      rest /= tensor.shape[d];
    }
    std::memcpy(tensor.bytes.data() + i * element, base + offset * element,
                element);
  }
  return tensor;
}
