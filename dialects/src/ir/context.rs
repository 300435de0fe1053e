//! The [`Context`]: arenas of operations, blocks, regions and values addressed by small typed ids,
//! plus the type and attribute interners and the op registry. Nothing is reference counted and
//! there is no global state: every query and mutation goes through the context.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::OnceLock;

use super::{Attr, AttrKind, FloatKind, Location, OpDef, Registry, Signedness, Type, TypeKind};

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        pub struct $name(pub(crate) u32);
        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(/// Handle of an operation.
    OpId);
id_type!(/// Handle of a block (a list of operations with arguments).
    BlockId);
id_type!(/// Handle of a region (a list of blocks owned by an operation).
    RegionId);
id_type!(/// Handle of an SSA value: an op result or a block argument.
    Value);

/// Where a value is defined.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ValueDef {
    OpResult { op: OpId, index: usize },
    BlockArg { block: BlockId, index: usize },
}

/// One use of a value: operand `index` of `op`.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct Use {
    pub op: OpId,
    pub index: usize,
}

#[derive(Debug)]
struct ValueData {
    ty: Type,
    def: ValueDef,
    uses: Vec<Use>,
}

#[derive(Debug)]
struct OpData {
    def: &'static OpDef,
    operands: Vec<Value>,
    results: Vec<Value>,
    attrs: BTreeMap<String, Attr>,
    regions: Vec<RegionId>,
    loc: Location,
    parent: Option<BlockId>,
    /// The neighbours in the block: a block is a doubly linked list of ops, so inserting,
    /// moving and erasing an op cost O(1) however long the block.
    prev: Option<OpId>,
    next: Option<OpId>,
    /// The op's index in its block, valid while the block's `order` is.
    position: AtomicUsize,
    erased: bool,
}

#[derive(Debug, Default)]
struct BlockData {
    args: Vec<Value>,
    first: Option<OpId>,
    last: Option<OpId>,
    len: usize,
    /// The ops in order, built from the links on the first query after a change (and the ops'
    /// positions with it).
    order: OnceLock<Vec<OpId>>,
    parent: Option<RegionId>,
}

#[derive(Debug, Default)]
struct RegionData {
    blocks: Vec<BlockId>,
    parent: Option<OpId>,
}

/// Everything needed to create an operation.
#[derive(Debug)]
pub struct OperationState {
    pub def: &'static OpDef,
    pub operands: Vec<Value>,
    pub result_types: Vec<Type>,
    pub attrs: Vec<(String, Attr)>,
    pub regions: Vec<RegionId>,
    pub loc: Location,
}

impl OperationState {
    pub fn new(def: &'static OpDef, loc: Location) -> Self {
        OperationState {
            def,
            operands: vec![],
            result_types: vec![],
            attrs: vec![],
            regions: vec![],
            loc,
        }
    }
    pub fn operands(mut self, operands: &[Value]) -> Self {
        self.operands.extend_from_slice(operands);
        self
    }
    pub fn results(mut self, types: &[Type]) -> Self {
        self.result_types.extend_from_slice(types);
        self
    }
    pub fn attr(mut self, name: &str, attr: Attr) -> Self {
        self.attrs.push((name.to_string(), attr));
        self
    }
    pub fn region(mut self, region: RegionId) -> Self {
        self.regions.push(region);
        self
    }
}

/// Owner of all IR.
#[derive(Debug)]
pub struct Context {
    ops: Vec<OpData>,
    blocks: Vec<BlockData>,
    regions: Vec<RegionData>,
    values: Vec<ValueData>,
    types: Vec<TypeKind>,
    type_ids: HashMap<TypeKind, Type>,
    attrs: Vec<AttrKind>,
    attr_ids: HashMap<AttrKind, Attr>,
    registry: Registry,
    /// Ops visited by listing blocks again, walking and stepping (see [`Context::op_visits`]).
    visits: AtomicU64,
}

impl Default for Context {
    fn default() -> Self {
        Self::new()
    }
}

impl Context {
    /// A context knowing every op of every Blackbird dialect.
    pub fn new() -> Self {
        Context {
            ops: vec![],
            blocks: vec![],
            regions: vec![],
            values: vec![],
            types: vec![],
            type_ids: HashMap::new(),
            attrs: vec![],
            attr_ids: HashMap::new(),
            registry: Registry::new(&crate::all_ops()),
            visits: AtomicU64::new(0),
        }
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The ops visited so far by listing a block after a change, walking (`walk_preorder`,
    /// `walk_postorder`) and stepping (`next_op`, `prev_op`): a deterministic measure of the
    /// traversal work of the passes run in this context, which a pass that scans a whole block
    /// or function per op makes grow quadratically with the function's length.
    pub fn op_visits(&self) -> u64 {
        self.visits.load(Ordering::Relaxed)
    }
    pub(crate) fn count_visits(&self, ops: usize) {
        self.visits.fetch_add(ops as u64, Ordering::Relaxed);
    }
    /// How many ops were ever created in this context (erased ones included).
    pub fn ops_created(&self) -> usize {
        self.ops.len()
    }

    // ----- types -----

    pub fn intern_type(&mut self, kind: TypeKind) -> Type {
        if let Some(t) = self.type_ids.get(&kind) {
            return *t;
        }
        let t = Type(self.types.len() as u32);
        self.types.push(kind.clone());
        self.type_ids.insert(kind, t);
        t
    }
    pub fn type_kind(&self, t: Type) -> &TypeKind {
        &self.types[t.0 as usize]
    }
    pub fn int_type(&mut self, width: u32) -> Type {
        self.intern_type(TypeKind::Int {
            width,
            signedness: Signedness::Signless,
        })
    }
    pub fn i1(&mut self) -> Type {
        self.int_type(1)
    }
    pub fn i64(&mut self) -> Type {
        self.int_type(64)
    }
    pub fn f32(&mut self) -> Type {
        self.intern_type(TypeKind::Float(FloatKind::F32))
    }
    pub fn f64(&mut self) -> Type {
        self.intern_type(TypeKind::Float(FloatKind::F64))
    }
    pub fn index(&mut self) -> Type {
        self.intern_type(TypeKind::Index)
    }
    pub fn function_type(&mut self, inputs: &[Type], results: &[Type]) -> Type {
        self.intern_type(TypeKind::Function {
            inputs: inputs.to_vec(),
            results: results.to_vec(),
        })
    }

    // ----- attributes -----

    pub fn intern_attr(&mut self, kind: AttrKind) -> Attr {
        if let Some(a) = self.attr_ids.get(&kind) {
            return *a;
        }
        let a = Attr(self.attrs.len() as u32);
        self.attrs.push(kind.clone());
        self.attr_ids.insert(kind, a);
        a
    }
    pub fn attr_kind(&self, a: Attr) -> &AttrKind {
        &self.attrs[a.0 as usize]
    }
    pub fn int_attr(&mut self, value: i64, ty: Type) -> Attr {
        self.intern_attr(AttrKind::Int(value, ty))
    }
    pub fn float_attr(&mut self, value: f64, ty: Type) -> Attr {
        self.intern_attr(AttrKind::float(value, ty))
    }
    pub fn str_attr(&mut self, s: &str) -> Attr {
        self.intern_attr(AttrKind::Str(s.to_string()))
    }
    pub fn type_attr(&mut self, t: Type) -> Attr {
        self.intern_attr(AttrKind::Type(t))
    }

    // ----- creation -----

    fn new_value(&mut self, ty: Type, def: ValueDef) -> Value {
        let v = Value(self.values.len() as u32);
        self.values.push(ValueData {
            ty,
            def,
            uses: vec![],
        });
        v
    }

    /// Create a detached block with arguments of the given types.
    pub fn create_block(&mut self, arg_types: &[Type]) -> BlockId {
        let block = BlockId(self.blocks.len() as u32);
        self.blocks.push(BlockData::default());
        for (index, ty) in arg_types.iter().enumerate() {
            let v = self.new_value(*ty, ValueDef::BlockArg { block, index });
            self.blocks[block.index()].args.push(v);
        }
        block
    }

    /// Make `args`, arguments of `block`, its argument list in this order (to reorder them
    /// without touching their uses); the arguments left out must be unused.
    pub fn set_block_args(&mut self, block: BlockId, args: &[Value]) {
        let dropped = ValueDef::BlockArg {
            block,
            index: usize::MAX,
        };
        let old = std::mem::replace(&mut self.blocks[block.index()].args, args.to_vec());
        for v in &old {
            self.values[v.index()].def = dropped;
        }
        for (index, v) in args.iter().enumerate() {
            let def = &mut self.values[v.index()].def;
            assert!(*def == dropped, "not an argument of this block");
            *def = ValueDef::BlockArg { block, index };
        }
        for v in old {
            let data = &self.values[v.index()];
            assert!(
                data.def != dropped || data.uses.is_empty(),
                "dropping a block argument that is still used"
            );
        }
    }

    /// Append an argument to a block.
    pub fn add_block_arg(&mut self, block: BlockId, ty: Type) -> Value {
        let index = self.blocks[block.index()].args.len();
        let v = self.new_value(ty, ValueDef::BlockArg { block, index });
        self.blocks[block.index()].args.push(v);
        v
    }

    /// Create a detached, empty region.
    pub fn create_region(&mut self) -> RegionId {
        let r = RegionId(self.regions.len() as u32);
        self.regions.push(RegionData::default());
        r
    }

    /// Create a region holding one block with the given argument types; returns both.
    pub fn create_region_with_block(&mut self, arg_types: &[Type]) -> (RegionId, BlockId) {
        let region = self.create_region();
        let block = self.create_block(arg_types);
        self.append_block(region, block);
        (region, block)
    }

    pub fn append_block(&mut self, region: RegionId, block: BlockId) {
        assert!(
            self.blocks[block.index()].parent.is_none(),
            "block already has a parent region"
        );
        self.blocks[block.index()].parent = Some(region);
        self.regions[region.index()].blocks.push(block);
    }

    /// Create a detached operation. Regions in the state become owned by the op.
    pub fn create_op(&mut self, state: OperationState) -> OpId {
        let op = OpId(self.ops.len() as u32);
        for region in &state.regions {
            assert!(
                self.regions[region.index()].parent.is_none(),
                "region already owned"
            );
            self.regions[region.index()].parent = Some(op);
        }
        self.ops.push(OpData {
            def: state.def,
            operands: vec![],
            results: vec![],
            attrs: state.attrs.into_iter().collect(),
            regions: state.regions,
            loc: state.loc,
            parent: None,
            prev: None,
            next: None,
            position: AtomicUsize::new(0),
            erased: false,
        });
        for (index, v) in state.operands.into_iter().enumerate() {
            self.values[v.index()].uses.push(Use { op, index });
            self.ops[op.index()].operands.push(v);
        }
        for (index, ty) in state.result_types.into_iter().enumerate() {
            let v = self.new_value(ty, ValueDef::OpResult { op, index });
            self.ops[op.index()].results.push(v);
        }
        op
    }

    // ----- queries -----

    pub fn op_def(&self, op: OpId) -> &'static OpDef {
        self.ops[op.index()].def
    }
    pub fn op_name(&self, op: OpId) -> &'static str {
        self.ops[op.index()].def.name
    }
    pub fn is_op(&self, op: OpId, def: &OpDef) -> bool {
        self.ops[op.index()].def.same_as(def)
    }
    pub fn operands(&self, op: OpId) -> &[Value] {
        &self.ops[op.index()].operands
    }
    pub fn operand(&self, op: OpId, index: usize) -> Value {
        self.ops[op.index()].operands[index]
    }
    pub fn results(&self, op: OpId) -> &[Value] {
        &self.ops[op.index()].results
    }
    pub fn result(&self, op: OpId, index: usize) -> Value {
        self.ops[op.index()].results[index]
    }
    pub fn attrs(&self, op: OpId) -> &BTreeMap<String, Attr> {
        &self.ops[op.index()].attrs
    }
    pub fn attr(&self, op: OpId, name: &str) -> Option<Attr> {
        self.ops[op.index()].attrs.get(name).copied()
    }
    /// The attribute's data, or `None` when the op lacks it.
    pub fn attr_data(&self, op: OpId, name: &str) -> Option<&AttrKind> {
        self.attr(op, name).map(|a| self.attr_kind(a))
    }
    /// The string (or symbol name) attribute `name` of `op`; empty when absent.
    pub fn attr_str(&self, op: OpId, name: &str) -> &str {
        self.attr_data(op, name)
            .and_then(|a| a.as_str())
            .unwrap_or_default()
    }
    /// The strings of an array attribute (`["a", "b"]`); empty when absent, non-strings skipped.
    pub fn attr_strs(&self, op: OpId, name: &str) -> Vec<String> {
        match self.attr_data(op, name) {
            Some(AttrKind::Array(items)) => items
                .iter()
                .filter_map(|a| self.attr_kind(*a).as_str().map(str::to_string))
                .collect(),
            _ => vec![],
        }
    }
    pub fn regions(&self, op: OpId) -> &[RegionId] {
        &self.ops[op.index()].regions
    }
    pub fn region(&self, op: OpId, index: usize) -> RegionId {
        self.ops[op.index()].regions[index]
    }
    pub fn loc(&self, op: OpId) -> &Location {
        &self.ops[op.index()].loc
    }
    pub fn set_loc(&mut self, op: OpId, loc: Location) {
        self.ops[op.index()].loc = loc;
    }
    pub fn is_erased(&self, op: OpId) -> bool {
        self.ops[op.index()].erased
    }
    pub fn parent_block(&self, op: OpId) -> Option<BlockId> {
        self.ops[op.index()].parent
    }
    pub fn block_parent(&self, block: BlockId) -> Option<RegionId> {
        self.blocks[block.index()].parent
    }
    pub fn region_parent(&self, region: RegionId) -> Option<OpId> {
        self.regions[region.index()].parent
    }
    /// The op whose region holds this op.
    pub fn parent_op(&self, op: OpId) -> Option<OpId> {
        let block = self.parent_block(op)?;
        self.block_parent_op(block)
    }
    pub fn block_parent_op(&self, block: BlockId) -> Option<OpId> {
        self.region_parent(self.block_parent(block)?)
    }
    pub fn blocks(&self, region: RegionId) -> &[BlockId] {
        &self.regions[region.index()].blocks
    }
    /// The first block of a region (structured regions hold exactly one).
    pub fn entry_block(&self, region: RegionId) -> BlockId {
        self.regions[region.index()].blocks[0]
    }
    /// The ops of `block` in order. O(1), except for the first query after the block changed,
    /// which lists it again (O(its length)).
    pub fn block_ops(&self, block: BlockId) -> &[OpId] {
        let data = &self.blocks[block.index()];
        data.order.get_or_init(|| {
            let mut ops = vec![];
            let mut next = data.first;
            while let Some(op) = next {
                self.ops[op.index()]
                    .position
                    .store(ops.len(), Ordering::Relaxed);
                ops.push(op);
                next = self.ops[op.index()].next;
            }
            self.count_visits(ops.len());
            ops
        })
    }
    /// The first op of `block` (O(1)).
    pub fn first_op(&self, block: BlockId) -> Option<OpId> {
        self.blocks[block.index()].first
    }
    /// The last op of `block` (O(1)).
    pub fn last_op(&self, block: BlockId) -> Option<OpId> {
        self.blocks[block.index()].last
    }
    /// The number of ops in `block` (O(1)).
    pub fn block_len(&self, block: BlockId) -> usize {
        self.blocks[block.index()].len
    }
    /// The op after `op` in its block (O(1)).
    pub fn next_op(&self, op: OpId) -> Option<OpId> {
        self.count_visits(1);
        self.ops[op.index()].next
    }
    /// The op before `op` in its block (O(1)).
    pub fn prev_op(&self, op: OpId) -> Option<OpId> {
        self.count_visits(1);
        self.ops[op.index()].prev
    }
    pub fn block_args(&self, block: BlockId) -> &[Value] {
        &self.blocks[block.index()].args
    }
    pub fn block_terminator(&self, block: BlockId) -> Option<OpId> {
        let last = self.blocks[block.index()].last?;
        self.op_def(last).is_terminator().then_some(last)
    }
    pub fn value_type(&self, v: Value) -> Type {
        self.values[v.index()].ty
    }
    pub fn set_value_type(&mut self, v: Value, ty: Type) {
        self.values[v.index()].ty = ty;
    }
    pub fn value_def(&self, v: Value) -> ValueDef {
        self.values[v.index()].def
    }
    /// The op defining `v`, or `None` for a block argument.
    pub fn defining_op(&self, v: Value) -> Option<OpId> {
        match self.values[v.index()].def {
            ValueDef::OpResult { op, .. } => Some(op),
            ValueDef::BlockArg { .. } => None,
        }
    }
    /// The block in which `v` becomes available.
    pub fn value_block(&self, v: Value) -> Option<BlockId> {
        match self.values[v.index()].def {
            ValueDef::OpResult { op, .. } => self.parent_block(op),
            ValueDef::BlockArg { block, .. } => Some(block),
        }
    }
    pub fn uses(&self, v: Value) -> &[Use] {
        &self.values[v.index()].uses
    }
    pub fn has_uses(&self, v: Value) -> bool {
        !self.values[v.index()].uses.is_empty()
    }
    /// Position of an op within its block (see [`Context::block_ops`] for the cost).
    pub fn op_position(&self, op: OpId) -> Option<usize> {
        self.block_ops(self.parent_block(op)?);
        Some(self.ops[op.index()].position.load(Ordering::Relaxed))
    }
    /// Is `ancestor` equal to `op` or does it (transitively) contain it?
    pub fn is_ancestor(&self, ancestor: OpId, mut op: OpId) -> bool {
        loop {
            if op == ancestor {
                return true;
            }
            match self.parent_op(op) {
                Some(p) => op = p,
                None => return false,
            }
        }
    }
    /// The integer or float attribute a constant-like op produces, if `v` comes from one.
    pub fn constant_value(&self, v: Value) -> Option<Attr> {
        let op = self.defining_op(v)?;
        if self.op_def(op).has_trait(super::Trait::ConstantLike) {
            self.attr(op, "value")
        } else {
            None
        }
    }

    // ----- mutation -----

    pub fn set_attr(&mut self, op: OpId, name: &str, attr: Attr) {
        self.ops[op.index()].attrs.insert(name.to_string(), attr);
    }
    pub fn remove_attr(&mut self, op: OpId, name: &str) -> Option<Attr> {
        self.ops[op.index()].attrs.remove(name)
    }

    /// Replace operand `index` of `op`, keeping use lists right.
    pub fn set_operand(&mut self, op: OpId, index: usize, value: Value) {
        let old = self.ops[op.index()].operands[index];
        self.values[old.index()]
            .uses
            .retain(|u| !(u.op == op && u.index == index));
        self.ops[op.index()].operands[index] = value;
        self.values[value.index()].uses.push(Use { op, index });
    }

    /// Make every use of `from` a use of `to`.
    pub fn replace_all_uses(&mut self, from: Value, to: Value) {
        if from == to {
            return;
        }
        let uses = std::mem::take(&mut self.values[from.index()].uses);
        for u in &uses {
            self.ops[u.op.index()].operands[u.index] = to;
        }
        self.values[to.index()].uses.extend(uses);
    }

    /// Link a detached op into `block` before `next` (at the end when `None`).
    fn link(&mut self, block: BlockId, op: OpId, next: Option<OpId>) {
        assert!(
            self.ops[op.index()].parent.is_none(),
            "op is already in a block"
        );
        assert!(!self.ops[op.index()].erased, "cannot insert an erased op");
        let prev = match next {
            Some(n) => self.ops[n.index()].prev,
            None => self.blocks[block.index()].last,
        };
        let data = &mut self.ops[op.index()];
        data.parent = Some(block);
        data.prev = prev;
        data.next = next;
        match prev {
            Some(p) => self.ops[p.index()].next = Some(op),
            None => self.blocks[block.index()].first = Some(op),
        }
        match next {
            Some(n) => self.ops[n.index()].prev = Some(op),
            None => self.blocks[block.index()].last = Some(op),
        }
        self.blocks[block.index()].len += 1;
        self.blocks[block.index()].order.take();
    }

    /// Insert a detached op into `block` at `position` (`block_ops(block).len()` appends).
    pub fn insert_op(&mut self, block: BlockId, position: usize, op: OpId) {
        let next = self.block_ops(block).get(position).copied();
        self.link(block, op, next);
    }
    pub fn append_op(&mut self, block: BlockId, op: OpId) {
        self.link(block, op, None);
    }
    pub fn insert_op_before(&mut self, anchor: OpId, op: OpId) {
        let block = self
            .parent_block(anchor)
            .expect("anchor op is not in a block");
        self.link(block, op, Some(anchor));
    }
    pub fn insert_op_after(&mut self, anchor: OpId, op: OpId) {
        let block = self
            .parent_block(anchor)
            .expect("anchor op is not in a block");
        let next = self.ops[anchor.index()].next;
        self.link(block, op, next);
    }
    /// Remove an op from its block without destroying it (to move it elsewhere).
    pub fn detach_op(&mut self, op: OpId) {
        let data = &mut self.ops[op.index()];
        let Some(block) = data.parent.take() else {
            return;
        };
        let (prev, next) = (data.prev.take(), data.next.take());
        match prev {
            Some(p) => self.ops[p.index()].next = next,
            None => self.blocks[block.index()].first = next,
        }
        match next {
            Some(n) => self.ops[n.index()].prev = prev,
            None => self.blocks[block.index()].last = prev,
        }
        self.blocks[block.index()].len -= 1;
        self.blocks[block.index()].order.take();
    }
    /// Move an op (with its regions) to just before `anchor`.
    pub fn move_op_before(&mut self, op: OpId, anchor: OpId) {
        self.detach_op(op);
        self.insert_op_before(anchor, op);
    }

    /// Take the regions of `op` away from it (to give them to a new op).
    pub fn take_regions(&mut self, op: OpId) -> Vec<RegionId> {
        let regions = std::mem::take(&mut self.ops[op.index()].regions);
        for r in &regions {
            self.regions[r.index()].parent = None;
        }
        regions
    }

    /// Erase an op and everything nested in it. Its results must have no uses left outside it.
    pub fn erase_op(&mut self, op: OpId) {
        for r in 0..self.ops[op.index()].results.len() {
            let v = self.ops[op.index()].results[r];
            assert!(
                self.values[v.index()]
                    .uses
                    .iter()
                    .all(|u| self.is_ancestor(op, u.op)),
                "erasing `{}` whose result still has uses",
                self.op_name(op)
            );
        }
        self.detach_op(op);
        self.erase_recursive(op);
    }

    fn erase_recursive(&mut self, op: OpId) {
        for region in self.ops[op.index()].regions.clone() {
            for block in self.regions[region.index()].blocks.clone() {
                let mut inner = self.blocks[block.index()].last;
                while let Some(op) = inner {
                    inner = self.ops[op.index()].prev;
                    self.erase_recursive(op);
                }
                let data = &mut self.blocks[block.index()];
                (data.first, data.last, data.len) = (None, None, 0);
                data.order.take();
            }
        }
        let operands = std::mem::take(&mut self.ops[op.index()].operands);
        for (index, v) in operands.into_iter().enumerate() {
            self.values[v.index()]
                .uses
                .retain(|u| !(u.op == op && u.index == index));
        }
        let data = &mut self.ops[op.index()];
        (data.erased, data.parent, data.prev, data.next) = (true, None, None, None);
    }

    /// Move all ops of `from` to just before `anchor`, replacing the arguments of `from` with
    /// `args`. `from` is left empty (used to inline a region's body).
    pub fn inline_block_before(&mut self, from: BlockId, args: &[Value], anchor: OpId) {
        let params = self.blocks[from.index()].args.clone();
        assert_eq!(
            params.len(),
            args.len(),
            "inline_block_before: argument count mismatch"
        );
        for (p, a) in params.iter().zip(args) {
            self.replace_all_uses(*p, *a);
        }
        while let Some(op) = self.blocks[from.index()].first {
            self.detach_op(op);
            self.insert_op_before(anchor, op);
        }
    }
}

impl Context {
    /// Can `op` be removed when its results are unused? True for pure and read-only ops and
    /// for ops with
    /// [`RecursiveEffects`](super::Trait::RecursiveEffects) whose nested ops are all removable
    /// or terminators. Terminators themselves are never removable.
    pub fn is_removable(&self, op: OpId) -> bool {
        let def = self.op_def(op);
        if def.is_terminator() {
            return false;
        }
        if def.is_pure() || def.has_trait(super::Trait::ReadOnly) {
            return true;
        }
        def.has_trait(super::Trait::RecursiveEffects)
            && self.walk_preorder(op).into_iter().skip(1).all(|inner| {
                let d = self.op_def(inner);
                (d.is_terminator() && d.name.starts_with("loop.")) || self.is_removable(inner)
            })
    }

    /// Are all results of `op` unused?
    pub fn results_unused(&self, op: OpId) -> bool {
        self.results(op).iter().all(|r| !self.has_uses(*r))
    }
}

impl Context {
    /// A detached deep copy of `op` (with its regions). `map` translates values: operands found
    /// in it are replaced, and every value the copy defines is added to it.
    pub fn clone_op(&mut self, op: OpId, map: &mut HashMap<Value, Value>) -> OpId {
        let operands: Vec<Value> = self
            .operands(op)
            .iter()
            .map(|v| *map.get(v).unwrap_or(v))
            .collect();
        let regions: Vec<RegionId> = self
            .regions(op)
            .to_vec()
            .into_iter()
            .map(|r| self.clone_region(r, map))
            .collect();
        let data = &self.ops[op.index()];
        let state = OperationState {
            def: data.def,
            operands,
            result_types: data
                .results
                .iter()
                .map(|v| self.values[v.index()].ty)
                .collect(),
            attrs: data.attrs.iter().map(|(k, a)| (k.clone(), *a)).collect(),
            regions,
            loc: data.loc.clone(),
        };
        let copy = self.create_op(state);
        for (old, new) in self
            .results(op)
            .to_vec()
            .into_iter()
            .zip(self.results(copy).to_vec())
        {
            map.insert(old, new);
        }
        copy
    }

    fn clone_region(&mut self, region: RegionId, map: &mut HashMap<Value, Value>) -> RegionId {
        let copy = self.create_region();
        for block in self.blocks(region).to_vec() {
            let types: Vec<Type> = self
                .block_args(block)
                .iter()
                .map(|v| self.value_type(*v))
                .collect();
            let new_block = self.create_block(&types);
            for (old, new) in self
                .block_args(block)
                .to_vec()
                .into_iter()
                .zip(self.block_args(new_block).to_vec())
            {
                map.insert(old, new);
            }
            self.append_block(copy, new_block);
            for op in self.block_ops(block).to_vec() {
                let c = self.clone_op(op, map);
                self.append_op(new_block, c);
            }
        }
        copy
    }
}
