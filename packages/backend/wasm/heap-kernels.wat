;; Training kernels that run in place on tfjs-backend-wasm's own memory (imported), so no tensor is
;; copied in or out: pointers are the tensors' byte offsets in that memory, sizes are in elements.
;; All arrays are float32 NHWC (patch matrices row-major); the caller zero-fills every output.
(module
  (import "env" "memory" (memory 1))

  ;; dst[0..len) += src[0..len), four lanes at a time.
  (func $add_run (param $dst i32) (param $src i32) (param $len i32)
    (local $end i32) (local $end4 i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $len) (i32.const 2))))
    (local.set $end4 (i32.sub (local.get $end) (i32.const 12)))
    (block $simd_done
      (loop $simd
        (br_if $simd_done (i32.ge_s (local.get $dst) (local.get $end4)))
        (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $simd)))
    (block $done
      (loop $scalar
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $scalar))))

;; out[c] = Σ_r x[r, c] (out zero-filled by the caller): a sum over the leading axes, row by row.
  (func (export "sum_rows") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (block $done
      (loop $each_r
        (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
        (call $add_run (local.get $out) (local.get $x) (local.get $cols))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each_r))))

;; out[r, :] = x[r, :] + b (a bias added to every row): out starts as a copy of x, then b is added row by row.
  (func (export "add_rows") (param $x i32) (param $b i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (memory.copy (local.get $out) (local.get $x) (i32.mul (local.get $rows) (local.get $rowBytes)))
    (block $done
      (loop $each_r
        (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
        (call $add_run (local.get $out) (local.get $b) (local.get $cols))
        (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $each_r))))

  ;; col2im, the scatter half of a convolution's input gradient (dilation 1):
  ;;   dx[n, oh·sh + kh − top, ow·sw + kw − left, c] += col[(n, oh, ow), (kh, kw, c)]
  ;; for the positions inside dx. For one (n, oh, ow, kh) the in-range kw's are one contiguous run
  ;; of both col and dx, whatever the stride.
  (func (export "col2im")
    (param $col i32) (param $dx i32) (param $N i32) (param $H i32) (param $W i32) (param $C i32)
    (param $OH i32) (param $OW i32) (param $KH i32) (param $KW i32) (param $sh i32) (param $sw i32)
    (param $top i32) (param $left i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $kh i32) (local $r i32) (local $c0 i32)
    (local $kwFrom i32) (local $kwTo i32) (local $rowBytes i32) (local $len i32)
    (local.set $rowBytes (i32.shl (i32.mul (i32.mul (local.get $KH) (local.get $KW)) (local.get $C)) (i32.const 2)))
    (local.set $n (i32.const 0))
    (loop $each_n
      (local.set $oh (i32.const 0))
      (loop $each_oh
        (local.set $ow (i32.const 0))
        (loop $each_ow
          (local.set $c0 (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $left)))
          (local.set $kwFrom (select (i32.sub (i32.const 0) (local.get $c0)) (i32.const 0) (i32.lt_s (local.get $c0) (i32.const 0))))
          (local.set $kwTo (local.get $KW))
          (if (i32.gt_s (i32.add (local.get $c0) (local.get $KW)) (local.get $W))
            (then (local.set $kwTo (i32.sub (local.get $W) (local.get $c0)))))
          (if (i32.gt_s (local.get $kwTo) (local.get $kwFrom))
            (then
              (local.set $len (i32.mul (i32.sub (local.get $kwTo) (local.get $kwFrom)) (local.get $C)))
              (local.set $kh (i32.const 0))
              (loop $each_kh
                (local.set $r (i32.sub (i32.add (i32.mul (local.get $oh) (local.get $sh)) (local.get $kh)) (local.get $top)))
                (if (i32.and (i32.ge_s (local.get $r) (i32.const 0)) (i32.lt_s (local.get $r) (local.get $H)))
                  (then
                    (call $add_run
                      (i32.add (local.get $dx)
                        (i32.shl
                          (i32.mul
                            (i32.add
                              (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H)) (local.get $r)) (local.get $W))
                              (i32.add (local.get $c0) (local.get $kwFrom)))
                            (local.get $C))
                          (i32.const 2)))
                      (i32.add (local.get $col)
                        (i32.shl
                          (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $KW)) (local.get $kwFrom)) (local.get $C))
                          (i32.const 2)))
                      (local.get $len))))
                (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
                (br_if $each_kh (i32.lt_s (local.get $kh) (local.get $KH))))))
          (local.set $col (i32.add (local.get $col) (local.get $rowBytes)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br_if $each_ow (i32.lt_s (local.get $ow) (local.get $OW))))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br_if $each_oh (i32.lt_s (local.get $oh) (local.get $OH))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $each_n (i32.lt_s (local.get $n) (local.get $N)))))

;; A convolution's filter gradient accumulated in place, for filters small enough to stay in L1 cache:
  ;;   dw[kh, kw, ci, co] += Σ_{n, oh, ow} x[n, oh·sh + kh·dh − top, ow·sw + kw·dw − left, ci] · dy[n, oh, ow, co]
  ;; (out-of-range positions are the zero padding). Four output channels at a time; the caller
  ;; pads nothing: CO mod 4 channels go one by one.
  (func (export "conv_filter_grad")
    (param $x i32) (param $dy i32) (param $dw i32) (param $N i32) (param $H i32) (param $W i32) (param $C i32)
    (param $OH i32) (param $OW i32) (param $CO i32) (param $KH i32) (param $KW i32) (param $sh i32) (param $sw i32)
    (param $dh i32) (param $dwid i32) (param $top i32) (param $left i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $kh i32) (local $kw i32) (local $ci i32) (local $q i32)
    (local $r i32) (local $c i32) (local $g i32) (local $src i32) (local $dst i32) (local $co4 i32)
    (local $xs v128) (local $xv f32)
    (local.set $co4 (i32.and (local.get $CO) (i32.const -4)))
    (local.set $g (local.get $dy))
    (local.set $n (i32.const 0))
    (loop $each_n
      (local.set $oh (i32.const 0))
      (loop $each_oh
        (local.set $ow (i32.const 0))
        (loop $each_ow
          (local.set $kh (i32.const 0))
          (loop $each_kh
            (local.set $r
              (i32.sub (i32.add (i32.mul (local.get $oh) (local.get $sh)) (i32.mul (local.get $kh) (local.get $dh)))
                (local.get $top)))
            (if (i32.and (i32.ge_s (local.get $r) (i32.const 0)) (i32.lt_s (local.get $r) (local.get $H)))
              (then
                (local.set $kw (i32.const 0))
                (loop $each_kw
                  (local.set $c
                    (i32.sub (i32.add (i32.mul (local.get $ow) (local.get $sw)) (i32.mul (local.get $kw) (local.get $dwid)))
                      (local.get $left)))
                  (if (i32.and (i32.ge_s (local.get $c) (i32.const 0)) (i32.lt_s (local.get $c) (local.get $W)))
                    (then
                      (local.set $src
                        (i32.add (local.get $x)
                          (i32.shl
                            (i32.mul
                              (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H)) (local.get $r)) (local.get $W))
                                (local.get $c))
                              (local.get $C))
                            (i32.const 2))))
                      ;; the C·CO block of dw for this (kh, kw)
                      (local.set $dst
                        (i32.add (local.get $dw)
                          (i32.shl
                            (i32.mul (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $KW)) (local.get $kw)) (local.get $C))
                              (local.get $CO))
                            (i32.const 2))))
                      (local.set $ci (i32.const 0))
                      (loop $each_ci
                        (local.set $xv (f32.load (local.get $src)))
                        (local.set $xs (f32x4.splat (local.get $xv)))
                        (local.set $q (i32.const 0))
                        (block $quads_done
                          (loop $each_quad
                            (br_if $quads_done (i32.ge_s (local.get $q) (local.get $co4)))
                            (v128.store (i32.add (local.get $dst) (i32.shl (local.get $q) (i32.const 2)))
                              (f32x4.add (v128.load (i32.add (local.get $dst) (i32.shl (local.get $q) (i32.const 2))))
                                (f32x4.mul (local.get $xs)
                                  (v128.load (i32.add (local.get $g) (i32.shl (local.get $q) (i32.const 2)))))))
                            (local.set $q (i32.add (local.get $q) (i32.const 4)))
                            (br $each_quad)))
                        (block $tail_done
                          (loop $each_tail
                            (br_if $tail_done (i32.ge_s (local.get $q) (local.get $CO)))
                            (f32.store (i32.add (local.get $dst) (i32.shl (local.get $q) (i32.const 2)))
                              (f32.add (f32.load (i32.add (local.get $dst) (i32.shl (local.get $q) (i32.const 2))))
                                (f32.mul (local.get $xv)
                                  (f32.load (i32.add (local.get $g) (i32.shl (local.get $q) (i32.const 2)))))))
                            (local.set $q (i32.add (local.get $q) (i32.const 1)))
                            (br $each_tail)))
                        (local.set $src (i32.add (local.get $src) (i32.const 4)))
                        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $CO) (i32.const 2))))
                        (local.set $ci (i32.add (local.get $ci) (i32.const 1)))
                        (br_if $each_ci (i32.lt_s (local.get $ci) (local.get $C))))))
                  (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
                  (br_if $each_kw (i32.lt_s (local.get $kw) (local.get $KW))))))
            (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
            (br_if $each_kh (i32.lt_s (local.get $kh) (local.get $KH))))
          (local.set $g (i32.add (local.get $g) (i32.shl (local.get $CO) (i32.const 2))))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br_if $each_ow (i32.lt_s (local.get $ow) (local.get $OW))))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br_if $each_oh (i32.lt_s (local.get $oh) (local.get $OH))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $each_n (i32.lt_s (local.get $n) (local.get $N)))))

;; out[b, o, i, :] = x[b, o, idx[b, i], :], each slice one memory.copy (GatherV2 after
  ;; collectGatherOpShapeInfo: x as [batch, outer, dim, slice], indices int32 [batch, n]).
  ;; Returns −1, or nothing copied and the position of the first index outside [0, dim).
  (func (export "gather")
    (param $x i32) (param $idx i32) (param $out i32) (param $batch i32) (param $outer i32) (param $dim i32)
    (param $n i32) (param $sliceBytes i32) (result i32)
    (local $k i32) (local $v i32) (local $b i32) (local $o i32) (local $i i32) (local $row i32)
    (local.set $k (i32.const 0))
    (block $checked
      (loop $check
        (br_if $checked (i32.ge_s (local.get $k) (i32.mul (local.get $batch) (local.get $n))))
        (local.set $v (i32.load (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 2)))))
        (if (i32.ge_u (local.get $v) (local.get $dim)) (then (return (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $check)))
    (local.set $b (i32.const 0))
    (block $done
      (loop $each_b
        (br_if $done (i32.ge_s (local.get $b) (local.get $batch)))
        (local.set $o (i32.const 0))
        (block $outer_done
          (loop $each_o
            (br_if $outer_done (i32.ge_s (local.get $o) (local.get $outer)))
            ;; the first slice of x[b, o]
            (local.set $row
              (i32.add (local.get $x)
                (i32.mul (i32.mul (i32.add (i32.mul (local.get $b) (local.get $outer)) (local.get $o)) (local.get $dim))
                  (local.get $sliceBytes))))
            (local.set $i (i32.const 0))
            (block $slices_done
              (loop $each_i
                (br_if $slices_done (i32.ge_s (local.get $i) (local.get $n)))
                (local.set $v
                  (i32.load
                    (i32.add (local.get $idx) (i32.shl (i32.add (i32.mul (local.get $b) (local.get $n)) (local.get $i)) (i32.const 2)))))
                (memory.copy (local.get $out)
                  (i32.add (local.get $row) (i32.mul (local.get $v) (local.get $sliceBytes)))
                  (local.get $sliceBytes))
                (local.set $out (i32.add (local.get $out) (local.get $sliceBytes)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $each_i)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $each_o)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $each_b)))
    (i32.const -1))

  ;; dx[at] += dy[n, oh, ow, c] where at is the position in the window of (n, oh, ow) of the first
  ;; maximum of x (scanning row by row; NaN never wins; none when all are −∞), as tfjs' cpu backend.
  ;; Four channels at a time; the remaining C mod 4 one by one.
  (func (export "max_pool_grad")
    (param $x i32) (param $dy i32) (param $dx i32) (param $N i32) (param $H i32) (param $W i32) (param $C i32)
    (param $OH i32) (param $OW i32) (param $KH i32) (param $KW i32) (param $sh i32) (param $sw i32)
    (param $top i32) (param $left i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $r0 i32) (local $c0 i32)
    (local $rFrom i32) (local $rTo i32) (local $cFrom i32) (local $cTo i32) (local $r i32) (local $c i32)
    (local $ch i32) (local $idx i32) (local $g i32) (local $at i32) (local $a i32)
    (local $best v128) (local $atv v128) (local $v v128) (local $m v128) (local $grad v128)
    (local $bestS f32) (local $vS f32)
    (local.set $g (local.get $dy))
    (local.set $n (i32.const 0))
    (loop $each_n
      (local.set $oh (i32.const 0))
      (loop $each_oh
        (local.set $r0 (i32.sub (i32.mul (local.get $oh) (local.get $sh)) (local.get $top)))
        (local.set $rFrom (select (i32.const 0) (local.get $r0) (i32.lt_s (local.get $r0) (i32.const 0))))
        (local.set $rTo (i32.add (local.get $r0) (local.get $KH)))
        (if (i32.gt_s (local.get $rTo) (local.get $H)) (then (local.set $rTo (local.get $H))))
        (local.set $ow (i32.const 0))
        (loop $each_ow
          (local.set $c0 (i32.sub (i32.mul (local.get $ow) (local.get $sw)) (local.get $left)))
          (local.set $cFrom (select (i32.const 0) (local.get $c0) (i32.lt_s (local.get $c0) (i32.const 0))))
          (local.set $cTo (i32.add (local.get $c0) (local.get $KW)))
          (if (i32.gt_s (local.get $cTo) (local.get $W)) (then (local.set $cTo (local.get $W))))
          (local.set $ch (i32.const 0))
          ;; four channels at a time
          (block $quads_done
            (loop $each_quad
              (br_if $quads_done (i32.gt_s (i32.add (local.get $ch) (i32.const 4)) (local.get $C)))
              (local.set $best (v128.const f32x4 -inf -inf -inf -inf))
              (local.set $atv (v128.const i32x4 -1 -1 -1 -1))
              (local.set $r (local.get $rFrom))
              (block $rows_done
                (loop $each_r
                  (br_if $rows_done (i32.ge_s (local.get $r) (local.get $rTo)))
                  (local.set $c (local.get $cFrom))
                  (block $cols_done
                    (loop $each_c
                      (br_if $cols_done (i32.ge_s (local.get $c) (local.get $cTo)))
                      (local.set $idx
                        (i32.add
                          (i32.mul
                            (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H)) (local.get $r)) (local.get $W))
                              (local.get $c))
                            (local.get $C))
                          (local.get $ch)))
                      (local.set $v (v128.load (i32.add (local.get $x) (i32.shl (local.get $idx) (i32.const 2)))))
                      (local.set $m (f32x4.gt (local.get $v) (local.get $best)))
                      (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $m)))
                      (local.set $atv
                        (v128.bitselect
                          (i32x4.add (i32x4.splat (local.get $idx)) (v128.const i32x4 0 1 2 3))
                          (local.get $atv) (local.get $m)))
                      (local.set $c (i32.add (local.get $c) (i32.const 1)))
                      (br $each_c)))
                  (local.set $r (i32.add (local.get $r) (i32.const 1)))
                  (br $each_r)))
              (local.set $grad (v128.load (i32.add (local.get $g) (i32.shl (local.get $ch) (i32.const 2)))))
              (local.set $a (i32x4.extract_lane 0 (local.get $atv)))
              (if (i32.ge_s (local.get $a) (i32.const 0))
                (then (call $add_at (local.get $dx) (local.get $a) (f32x4.extract_lane 0 (local.get $grad)))))
              (local.set $a (i32x4.extract_lane 1 (local.get $atv)))
              (if (i32.ge_s (local.get $a) (i32.const 0))
                (then (call $add_at (local.get $dx) (local.get $a) (f32x4.extract_lane 1 (local.get $grad)))))
              (local.set $a (i32x4.extract_lane 2 (local.get $atv)))
              (if (i32.ge_s (local.get $a) (i32.const 0))
                (then (call $add_at (local.get $dx) (local.get $a) (f32x4.extract_lane 2 (local.get $grad)))))
              (local.set $a (i32x4.extract_lane 3 (local.get $atv)))
              (if (i32.ge_s (local.get $a) (i32.const 0))
                (then (call $add_at (local.get $dx) (local.get $a) (f32x4.extract_lane 3 (local.get $grad)))))
              (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
              (br $each_quad)))
          ;; the remaining channels one by one
          (block $chans_done
            (loop $each_ch
              (br_if $chans_done (i32.ge_s (local.get $ch) (local.get $C)))
              (local.set $bestS (f32.const -inf))
              (local.set $at (i32.const -1))
              (local.set $r (local.get $rFrom))
              (block $rows_done1
                (loop $each_r1
                  (br_if $rows_done1 (i32.ge_s (local.get $r) (local.get $rTo)))
                  (local.set $c (local.get $cFrom))
                  (block $cols_done1
                    (loop $each_c1
                      (br_if $cols_done1 (i32.ge_s (local.get $c) (local.get $cTo)))
                      (local.set $idx
                        (i32.add
                          (i32.mul
                            (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H)) (local.get $r)) (local.get $W))
                              (local.get $c))
                            (local.get $C))
                          (local.get $ch)))
                      (local.set $vS (f32.load (i32.add (local.get $x) (i32.shl (local.get $idx) (i32.const 2)))))
                      (if (f32.gt (local.get $vS) (local.get $bestS))
                        (then (local.set $bestS (local.get $vS)) (local.set $at (local.get $idx))))
                      (local.set $c (i32.add (local.get $c) (i32.const 1)))
                      (br $each_c1)))
                  (local.set $r (i32.add (local.get $r) (i32.const 1)))
                  (br $each_r1)))
              (if (i32.ge_s (local.get $at) (i32.const 0))
                (then
                  (call $add_at (local.get $dx) (local.get $at)
                    (f32.load (i32.add (local.get $g) (i32.shl (local.get $ch) (i32.const 2)))))))
              (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
              (br $each_ch)))
          (local.set $g (i32.add (local.get $g) (i32.shl (local.get $C) (i32.const 2))))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br_if $each_ow (i32.lt_s (local.get $ow) (local.get $OW))))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br_if $each_oh (i32.lt_s (local.get $oh) (local.get $OH))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $each_n (i32.lt_s (local.get $n) (local.get $N)))))

  ;; base[i] += v (base a byte pointer, i an element index)
  (func $add_at (param $base i32) (param $i i32) (param $v f32)
    (local $p i32)
    (local.set $p (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 2))))
    (f32.store (local.get $p) (f32.add (f32.load (local.get $p)) (local.get $v)))))
