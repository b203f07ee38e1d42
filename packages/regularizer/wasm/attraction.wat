;; The zero-attraction step of Table 1 for every penalty, fused into one SIMD pass:
;;   out = base + scale · (linear·w + signed·sign(w)·e^{−β|w|})
;; ℓ2: linear = 2α; ℓ1: signed = α, β = 0; ℓ0: signed = αβ (eq. 13); ℓ2+ℓ0: both (eq. 17).
;; e^{−β|w|} = 2^t with t = −β·log2(e)·|w|: t = k + f (k = nearest integer, |f| ≤ ½), 2^k from
;; the exponent bits, e^{f·ln2} by its degree-7 Taylor polynomial (error < 6e-9, below float32
;; rounding). t < −126 gives 0 (the true value is below float32's normal range).
;; Arrays are float32, 16-byte aligned, padded to a multiple of 4 elements.
(module
  (memory (export "memory") 1)
  (func (export "attract")
    (param $w i32) (param $base i32) (param $out i32) (param $groups i32)
    (param $linear f32) (param $signed f32) (param $negBetaLog2e f32) (param $scale f32)
    (local $i i32) (local $end i32)
    (local $x v128) (local $t v128) (local $k v128) (local $r v128) (local $p v128) (local $e v128)
    (local $vlinear v128) (local $vsigned v128) (local $vnb v128) (local $vscale v128)
    (local.set $vlinear (f32x4.splat (local.get $linear)))
    (local.set $vsigned (f32x4.splat (local.get $signed)))
    (local.set $vnb (f32x4.splat (local.get $negBetaLog2e)))
    (local.set $vscale (f32x4.splat (local.get $scale)))
    (local.set $end (i32.shl (local.get $groups) (i32.const 4)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $w) (local.get $i))))
        (local.set $t (f32x4.mul (f32x4.abs (local.get $x)) (local.get $vnb)))
        (local.set $k (f32x4.nearest (local.get $t)))
        (local.set $r (f32x4.mul (f32x4.sub (local.get $t) (local.get $k)) (v128.const f32x4 0.6931471805599453 0.6931471805599453 0.6931471805599453 0.6931471805599453)))
        ;; e^r = Σ r^n/n!, n ≤ 7, by Horner.
        (local.set $p (v128.const f32x4 1.984126984126984e-4 1.984126984126984e-4 1.984126984126984e-4 1.984126984126984e-4))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.388888888888889e-3 1.388888888888889e-3 1.388888888888889e-3 1.388888888888889e-3)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.333333333333333e-3 8.333333333333333e-3 8.333333333333333e-3 8.333333333333333e-3)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1666666666666664e-2 4.1666666666666664e-2 4.1666666666666664e-2 4.1666666666666664e-2)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 0.16666666666666666 0.16666666666666666 0.16666666666666666 0.16666666666666666)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1 1 1 1)))
        (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1 1 1 1)))
        ;; × 2^k, built from the exponent bits; 0 below 2^−126.
        (local.set $e
          (f32x4.mul (local.get $p)
            (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))
        (local.set $e (v128.andnot (local.get $e) (f32x4.lt (local.get $t) (v128.const f32x4 -126 -126 -126 -126))))
        ;; sign(w)·e: w's sign bit on e, and 0 where w = ±0.
        (local.set $e
          (v128.and
            (v128.or (local.get $e) (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)))
            (f32x4.ne (local.get $x) (v128.const f32x4 0 0 0 0))))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (f32x4.add (v128.load (i32.add (local.get $base) (local.get $i)))
            (f32x4.mul (local.get $vscale)
              (f32x4.add (f32x4.mul (local.get $vlinear) (local.get $x)) (f32x4.mul (local.get $vsigned) (local.get $e))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))))
