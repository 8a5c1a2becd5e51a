// RUN: kiln-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(kiln-avx512-exp))" | FileCheck %s

// One register of exps: clamp, k = roundeven(x log2 e), r in two parts,
// a Horner polynomial ending in 1 + r (...), then one vscalefps by k.
// CHECK-LABEL: func.func @one_register
// CHECK-SAME:  (%[[X:.*]]: vector<1x16xf32>)
// CHECK:       %[[F:.*]] = vector.shape_cast %[[X]] : vector<1x16xf32> to vector<16xf32>
// CHECK:       %[[LO:.*]] = arith.constant dense<-1.040000e+02>
// CHECK:       arith.cmpf uge, %[[F]], %[[LO]]
// CHECK:       %[[HI:.*]] = arith.constant dense<8.900000e+01>
// CHECK:       arith.cmpf ule, %{{.*}}, %[[HI]]
// CHECK:       %[[XC:.*]] = arith.select
// CHECK:       %[[Y:.*]] = arith.mulf %[[XC]], %{{.*}} : vector<16xf32>
// CHECK:       %[[K:.*]] = math.roundeven %[[Y]]
// CHECK:       %[[R0:.*]] = math.fma %[[K]], %{{.*}}, %[[XC]]
// CHECK:       %[[R:.*]] = math.fma %[[K]], %{{.*}}, %[[R0]]
// CHECK-COUNT-6: math.fma %{{.*}}, %[[R]], %{{.*}}
// CHECK:       %[[P:.*]] = math.fma %{{.*}}, %[[R]], %{{.*}}
// CHECK:       %[[ALL:.*]] = arith.constant -1 : i16
// CHECK:       %[[CUR:.*]] = arith.constant 4 : i32
// CHECK:       %[[S:.*]] = x86vector.avx512.mask.scalef %[[P]], %[[K]], %[[P]], %[[ALL]], %[[CUR]] : vector<16xf32>
// CHECK:       %[[E:.*]] = vector.shape_cast %[[S]] : vector<16xf32> to vector<1x16xf32>
// CHECK:       return %[[E]]
// CHECK-NOT:   math.exp
func.func @one_register(%x: vector<1x16xf32>) -> vector<1x16xf32> {
  %e = math.exp %x : vector<1x16xf32>
  return %e : vector<1x16xf32>
}

// -----

// Two registers: the arithmetic on one flat vector, one vscalefps per half.
// CHECK-LABEL: func.func @two_registers
// CHECK:       vector.shape_cast %{{.*}} : vector<2x16xf32> to vector<32xf32>
// CHECK:       %[[P0:.*]] = vector.extract_strided_slice %[[P:.*]] {offsets = [0], sizes = [16], strides = [1]}
// CHECK:       %[[K0:.*]] = vector.extract_strided_slice %[[K:.*]] {offsets = [0], sizes = [16], strides = [1]}
// CHECK:       %[[S0:.*]] = x86vector.avx512.mask.scalef %[[P0]], %[[K0]], %[[P0]]
// CHECK:       %[[I0:.*]] = vector.insert_strided_slice %[[S0]], %[[P]] {offsets = [0], strides = [1]}
// CHECK:       %[[P1:.*]] = vector.extract_strided_slice %[[P]] {offsets = [16], sizes = [16], strides = [1]}
// CHECK:       %[[K1:.*]] = vector.extract_strided_slice %[[K]] {offsets = [16], sizes = [16], strides = [1]}
// CHECK:       %[[S1:.*]] = x86vector.avx512.mask.scalef %[[P1]], %[[K1]], %[[P1]]
// CHECK:       %[[I1:.*]] = vector.insert_strided_slice %[[S1]], %[[I0]] {offsets = [16], strides = [1]}
// CHECK:       vector.shape_cast %[[I1]] : vector<32xf32> to vector<2x16xf32>
func.func @two_registers(%x: vector<2x16xf32>) -> vector<2x16xf32> {
  %e = math.exp %x : vector<2x16xf32>
  return %e : vector<2x16xf32>
}

// -----

// Not a multiple of 16 f32 lanes: left to kiln-approximate-math (AVX2-wide
// vectors, scalars) or libm (f64).
// CHECK-LABEL: func.func @left_alone
// CHECK:       math.exp %{{.*}} : vector<8xf32>
// CHECK:       math.exp %{{.*}} : f32
// CHECK:       math.exp %{{.*}} : vector<16xf64>
// CHECK-NOT:   x86vector
func.func @left_alone(%x: vector<8xf32>, %s: f32, %d: vector<16xf64>) -> (vector<8xf32>, f32, vector<16xf64>) {
  %e = math.exp %x : vector<8xf32>
  %f = math.exp %s : f32
  %g = math.exp %d : vector<16xf64>
  return %e, %f, %g : vector<8xf32>, f32, vector<16xf64>
}
